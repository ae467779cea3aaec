/* A forgotten git_commit_free, as relcap code could have one: with
 * RELCAP_TEST_LEAK=1 this program leaks one commit that libgit2 allocated.
 * tests/leak_check.bash runs it in the sanitizer build and expects
 * LeakSanitizer to report it through tests/lsan.supp (a suppression that
 * matches any libgit2 frame would hide it). Without the variable it frees
 * everything relcap could free, and must pass: it also triggers libgit2's
 * own known leak, which the list suppresses. Built only with RELCAP_SANITIZE. */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>

static __attribute__((noinline)) void look_up(git_repository *repo, const git_oid *id, bool leak)
{
    git_commit *c = NULL;
    if (git_commit_lookup(&c, repo, id) != 0) {
        fprintf(stderr, "leak_probe: lookup failed\n");
        exit(2);
    }
    printf("leak_probe: %s\n", git_commit_summary(c));
    if (!leak)
        git_commit_free(c);
}

int main(void)
{
    git_libgit2_init();
    char *dir = tu_mkdtemp();
    git_repository *repo = tu_repo_init(dir, false);
    const char *files[] = {"a.txt", "a\n", NULL};
    git_oid id = tu_commit(repo, "refs/heads/main", "one commit", 1700000000, files);
    /* libgit2 1.5's own known leak (tests/lsan.supp): a remote URL rewritten by url.*.insteadOf */
    git_config *cfg;
    git_remote *remote;
    if (git_repository_config(&cfg, repo) != 0 ||
        git_config_set_string(cfg, "url.https://example.invalid/.insteadOf", "ex:") != 0 ||
        git_remote_create(&remote, repo, "origin", "ex:o/r") != 0) {
        fprintf(stderr, "leak_probe: remote set-up failed\n");
        return 2;
    }
    git_remote_free(remote);
    git_config_free(cfg);
    if (git_remote_lookup(&remote, repo, "origin") != 0) {
        fprintf(stderr, "leak_probe: remote lookup failed\n");
        return 2;
    }
    git_remote_free(remote);
    const char *leak = getenv("RELCAP_TEST_LEAK");
    look_up(repo, &id, leak && *leak && *leak != '0');
    git_repository_free(repo);
    tu_rmtree(dir);
    free(dir);
    git_libgit2_shutdown();
    return 0;
}

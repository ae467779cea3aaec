#include "tests/testutil.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

extern char **environ;

char *tu_mkdtemp(void)
{
    const char *base = getenv("TMPDIR");
    char *t = rc_xasprintf("%s/relcap-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(t)) {
        perror("mkdtemp");
        abort();
    }
    return t;
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

void tu_rmtree(const char *dir)
{
    if (dir)
        nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_write(const char *path, const char *content)
{
    char *dir = rc_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        rc_mkdirs(dir, 0755);
    }
    free(dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static char *read_all_fd(int fd)
{
    rc_buf b = {0};
    char chunk[8192];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        rc_buf_put(&b, chunk, (size_t)n);
    return rc_buf_detach(&b);
}

tu_result tu_run(const char *cwd, const char *input, const char *const *env,
                 const char *const *argv)
{
    char outt[] = "/tmp/relcap-out-XXXXXX", errt[] = "/tmp/relcap-err-XXXXXX";
    int ofd = mkstemp(outt), efd = mkstemp(errt);
    unlink(outt);
    unlink(errt);
    int in[2];
    if (pipe(in) != 0)
        abort();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        close(in[1]);
        if (cwd && chdir(cwd) != 0)
            _exit(126);
        for (const char *const *e = env; e && *e; e++)
            putenv((char *)*e);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    signal(SIGPIPE, SIG_IGN);
    if (input) {
        size_t len = strlen(input), off = 0;
        while (off < len) {
            ssize_t w = write(in[1], input + off, len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
    }
    close(in[1]);
    int st = 0;
    waitpid(pid, &st, 0);
    tu_result r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    lseek(ofd, 0, SEEK_SET);
    lseek(efd, 0, SEEK_SET);
    r.out = read_all_fd(ofd);
    r.err = read_all_fd(efd);
    close(ofd);
    close(efd);
    return r;
}

tu_result tu_relcap(const char *cwd, const char *input, const char *const *env,
                    const char *const *argv)
{
    size_t n = 0;
    while (argv[n])
        n++;
    const char **full = rc_xcalloc(n + 2, sizeof *full);
    full[0] = RELCAP_BIN;
    for (size_t i = 0; i < n; i++)
        full[i + 1] = argv[i];
    tu_result r = tu_run(cwd, input, env, full);
    free(full);
    return r;
}

void tu_result_free(tu_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

static git_signature *test_sig(int64_t t)
{
    git_signature *sig;
    assert_int_equal(git_signature_new(&sig, "Test Author", "test@example.com", t, 0), 0);
    return sig;
}

git_repository *tu_repo_init(const char *dir, bool bare)
{
    git_libgit2_init();
    git_repository *repo;
    assert_int_equal(git_repository_init(&repo, dir, bare), 0);
    return repo;
}

git_oid tu_commit_parents(git_repository *repo, const char *ref, const char *message, int64_t time,
                          const char *const *files, const git_oid *parents, size_t nparents)
{
    git_index *idx;
    assert_int_equal(git_index_new(&idx), 0);
    git_commit *pc[2] = {NULL, NULL};
    for (size_t i = 0; i < nparents; i++)
        assert_int_equal(git_commit_lookup(&pc[i], repo, &parents[i]), 0);
    if (nparents) {
        git_tree *t;
        assert_int_equal(git_commit_tree(&t, pc[0]), 0);
        assert_int_equal(git_index_read_tree(idx, t), 0);
        git_tree_free(t);
    }
    for (const char *const *f = files; f && f[0]; f += 2) {
        if (!f[1]) {
            git_index_remove_bypath(idx, f[0]);
            continue;
        }
        git_index_entry e;
        memset(&e, 0, sizeof e);
        e.path = f[0];
        e.mode = GIT_FILEMODE_BLOB;
        /* an in-memory index has no repository: write the blob first */
        assert_int_equal(git_blob_create_from_buffer(&e.id, repo, f[1], strlen(f[1])), 0);
        assert_int_equal(git_index_add(idx, &e), 0);
    }
    git_oid tree_id, id;
    assert_int_equal(git_index_write_tree_to(&tree_id, idx, repo), 0);
    git_tree *tree;
    assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
    git_signature *sig = test_sig(time);
    assert_int_equal(git_commit_create(&id, repo, NULL, sig, sig, NULL, message, tree, nparents,
                                       (const git_commit **)pc),
                     0);
    if (ref) {
        git_reference *r;
        assert_int_equal(git_reference_create(&r, repo, ref, &id, 1, "test"), 0);
        git_reference_free(r);
    }
    git_signature_free(sig);
    git_tree_free(tree);
    git_index_free(idx);
    for (size_t i = 0; i < nparents; i++)
        git_commit_free(pc[i]);
    return id;
}

git_oid tu_commit(git_repository *repo, const char *ref, const char *message, int64_t time,
                  const char *const *files)
{
    git_oid parent;
    size_t np = git_reference_name_to_id(&parent, repo, ref) == 0 ? 1 : 0;
    return tu_commit_parents(repo, ref, message, time, files, &parent, np);
}

void tu_branch(git_repository *repo, const char *name, const git_oid *at)
{
    git_commit *c;
    assert_int_equal(git_commit_lookup(&c, repo, at), 0);
    git_reference *r;
    assert_int_equal(git_branch_create(&r, repo, name, c, 1), 0);
    git_reference_free(r);
    git_commit_free(c);
}

void tu_tag(git_repository *repo, const char *name, const git_oid *at, bool annotated)
{
    git_object *o;
    assert_int_equal(git_object_lookup(&o, repo, at, GIT_OBJECT_COMMIT), 0);
    git_oid id;
    if (annotated) {
        git_signature *sig = test_sig(git_commit_time((git_commit *)o) + 60);
        assert_int_equal(git_tag_create(&id, repo, name, o, sig, "release", 1), 0);
        git_signature_free(sig);
    } else {
        assert_int_equal(git_tag_create_lightweight(&id, repo, name, o, 1), 0);
    }
    git_object_free(o);
}

bool tu_file_has(const char *path, const char *needle)
{
    char *data = NULL;
    size_t len = 0;
    if (rc_file_read(&data, &len, path) != 0) {
        rc_error_clear();
        return false;
    }
    bool found = memmem(data, len, needle, strlen(needle)) != NULL;
    free(data);
    return found;
}

void tu_no_controls_in(const char *what, const char *out, bool newlines)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        fail_msg("the C.UTF-8 locale is missing");
    if (strchr(out, '\x1b'))
        fail_msg("%s printed an ESC byte", what);
    mbstate_t st = {0};
    size_t len = strlen(out);
    for (size_t i = 0; i < len;) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, out + i, len - i, &st);
        if (n == (size_t)-1 || n == (size_t)-2)
            fail_msg("%s printed a byte that is not UTF-8 (0x%02x at %zu)", what,
                     (unsigned char)out[i], i);
        bool nl = wc == '\n' || wc == '\t';
        if ((wc < 0x20 && !(nl && newlines)) || wc == 0x7f)
            fail_msg("%s printed the control byte 0x%02x", what, (unsigned)wc);
        if (wc >= 0x80 && wc <= 0x9f)
            fail_msg("%s printed the C1 control U+%04X", what, (unsigned)wc);
        i += n ? n : 1;
    }
}

void tu_no_controls(const char *what, const char *out)
{
    tu_no_controls_in(what, out, true);
}

const char *tu_hex(const git_oid *oid)
{
    static char bufs[8][GIT_OID_HEXSZ + 1];
    static int next;
    char *b = bufs[next++ % 8];
    git_oid_tostr(b, sizeof bufs[0], oid);
    return b;
}

void tu_expect_snapshot(const char *name, const char *got)
{
    char *path = rc_xasprintf("%s/tests/snapshots/%s.txt", RELCAP_SOURCE_DIR, name);
    if (getenv("RELCAP_UPDATE_SNAPSHOTS") && *getenv("RELCAP_UPDATE_SNAPSHOTS")) {
        /* CI compares; a rewrite there would accept any screen. */
        if (tu_ci())
            fail_msg("RELCAP_UPDATE_SNAPSHOTS is refused under CI (snapshot %s)", name);
        tu_write(path, got);
    } else {
        char *want = NULL;
        if (rc_file_read(&want, NULL, path) != 0)
            fail_msg("missing %s (run with RELCAP_UPDATE_SNAPSHOTS=1 to create it)", path);
        if (strcmp(want, got) != 0) {
            fprintf(stderr, "snapshot %s differs; got:\n%s\n", name, got);
            fail_msg("snapshot %s differs", name);
        }
        free(want);
    }
    free(path);
}

bool tu_ci(void)
{
    const char *ci = getenv("CI");
    return ci && *ci && strcmp(ci, "0") != 0 && strcmp(ci, "false") != 0;
}

/* tests/skip-allowed.txt: "NAME reason" per line, '#' comments. A name
 * without a reason does not count. */
static bool skip_allowed(const char *name)
{
    char *path = rc_xasprintf("%s/tests/skip-allowed.txt", RELCAP_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return false;
    bool ok = false;
    char line[512];
    size_t n = strlen(name);
    while (!ok && fgets(line, sizeof line, f)) {
        if (strncmp(line, name, n) != 0 || (line[n] != ' ' && line[n] != '\t'))
            continue;
        for (const char *p = line + n; *p && !ok; p++)
            ok = *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r';
    }
    fclose(f);
    return ok;
}

void tu_skip_(const char *file, const char *func, int line, const char *why)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t len = strcspn(base, ".");
    char *name = rc_xasprintf("%.*s:%s", (int)len, base, func);
    bool allowed = skip_allowed(name);
    const char *log = getenv("RELCAP_SKIP_LOG");
    FILE *f = log && *log ? fopen(log, "a") : NULL;
    if (f) {
        fprintf(f, "%s\t%s\t%s\n", name, allowed ? "allowed" : "not-allowed", why ? why : "");
        fclose(f);
    }
    printf("SKIPPED %s (%s:%d): %s\n", name, base, line, why ? why : "no reason given");
    fflush(stdout);
    if (tu_ci() && !allowed) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s skipped under CI and not on tests/skip-allowed.txt", name);
        free(name);
        fail_msg("%s", msg);
    }
    free(name);
    _skip(file, line);
}

void tu_env_init(tu_env *e)
{
    memset(e, 0, sizeof *e);
    e->dir = tu_mkdtemp();
}

char *tu_env_path(const tu_env *e, const char *name)
{
    return rc_xasprintf("%s/%s", e->dir, name);
}

git_repository *tu_env_repo(tu_env *e, const char *sub, bool bare)
{
    e->wd = sub ? tu_env_path(e, sub) : rc_xstrdup(e->dir);
    e->repo = tu_repo_init(e->wd, bare);
    return e->repo;
}

rc_db *tu_env_db(tu_env *e, const char *name)
{
    e->dbpath = tu_env_path(e, name);
    if (rc_db_open(&e->db, e->dbpath) != 0)
        fail_msg("opening %s: %s", e->dbpath, rc_error_last());
    return e->db;
}

rc_config *tu_env_config(tu_env *e, const char *const *overrides, size_t n)
{
    rc_config_free(e->cfg);
    e->cfg = NULL;
    if (rc_config_open(&e->cfg, e->repo, overrides, n) != 0)
        fail_msg("configuration: %s", rc_error_last());
    return e->cfg;
}

void tu_env_clear(tu_env *e)
{
    rc_config_free(e->cfg);
    rc_db_free(e->db);
    git_repository_free(e->repo);
    tu_rmtree(e->dir);
    free(e->dir);
    free(e->wd);
    free(e->dbpath);
    memset(e, 0, sizeof *e);
}

int tu_db_int(rc_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(rc_db_prepare(&st, db, sql), 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

char *tu_db_text(rc_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(rc_db_prepare(&st, db, sql), 0);
    char *s = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        s = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

int tu_run_each_(const char *name, const struct CMUnitTest *tests, size_t n,
                 CMFixtureFunction setup, CMFixtureFunction teardown)
{
    struct CMUnitTest *each = rc_xcalloc(n, sizeof *each);
    for (size_t i = 0; i < n; i++) {
        each[i] = tests[i];
        if (!each[i].setup_func && !each[i].teardown_func) {
            each[i].setup_func = setup;
            each[i].teardown_func = teardown;
        }
    }
    git_libgit2_init();
    int r = _cmocka_run_group_tests(name, each, n, NULL, NULL);
    git_libgit2_shutdown();
    free(each);
    return r;
}

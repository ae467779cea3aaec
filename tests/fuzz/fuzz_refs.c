/* Commit messages are written by anyone who lands a commit: references to
 * PRs and commits, cherry-pick trailers and revert detection. The first
 * line is the subject, the rest the body. */
#include "core/picks/refs.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool hex40(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!strchr("0123456789abcdef", s[i]))
            return false;
    return i == 40;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    char *body = strchr(text, '\n');
    if (body)
        *body++ = '\0';
    rc_refs r;
    if (rc_refs_parse(&r, text, body, NULL) == 0) {
        if (r.n_from_prs > RC_REFS_MAX || r.n_picked_from > RC_REFS_MAX || r.pr < 0)
            abort();
        for (size_t i = 0; i < r.n_picked_from; i++)
            if (!hex40(r.picked_from[i]))
                abort(); /* shas are 40 lowercase hex */
        if (r.revert_sha[0] && !hex40(r.revert_sha))
            abort();
        rc_refs_free(&r);
    }
    if (rc_refs_parse(&r, text, body, "(#N)") == 0)
        rc_refs_free(&r);
    rc_refs_pr_number(text, NULL);
    free(rc_refs_normalize_subject(text, NULL));
    rc_refs_is_release_prefix(text, strlen(text));
    free(text);
    return 0;
}

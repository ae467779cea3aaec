/* GitHub answers: the Link header of list pages, repository URLs from git
 * remotes, and check-run arrays. The first line is the header/URL, the rest
 * a JSON body. */
#include "core/github/ghsync.h"
#include "core/github/github.h"
#include "core/github/http.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    char *body = strchr(text, '\n');
    if (body)
        *body++ = '\0';
    char *next = rc_http_link_next(text);
    free(next);
    char *repo = NULL;
    if (rc_github_repo_from_url(&repo, text) == 0 && repo) {
        if (!strchr(repo, '/'))
            abort(); /* OWNER/REPO */
        free(repo);
    }
    rc_http_check_url(text);
    free(rc_http_origin(text));
    if (body) {
        cJSON *j = cJSON_Parse(body);
        if (j) {
            const cJSON *runs = cJSON_GetObjectItemCaseSensitive(j, "check_runs");
            const char *s = rc_ghsync_checks_state(cJSON_IsArray(runs) ? runs : j);
            if (strcmp(s, "success") && strcmp(s, "failure") && strcmp(s, "pending") &&
                strcmp(s, "none"))
                abort();
            cJSON_Delete(j);
        }
    }
    free(text);
    return 0;
}

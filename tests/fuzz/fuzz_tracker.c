/* Release tracker comments are written by anyone on GitHub. */
#include "core/github/tracker.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    rc_tracker_request req;
    if (rc_tracker_parse(&req, text, "vllm-project/vllm") == 1) {
        for (size_t i = 0; i < req.n_trunk; i++)
            if (req.trunk[i] <= 0)
                abort(); /* PR numbers are positive */
        rc_tracker_request_free(&req);
    }
    long *refs = NULL;
    size_t n = 0;
    rc_tracker_refs(&refs, &n, text, "vllm-project/vllm");
    free(refs);
    char version[64];
    const char *patterns[] = {"[v{version}] Release Tracker", "Release {version} tracker"};
    rc_tracker_title_match(version, sizeof version, text, patterns, 2);
    free(text);
    return 0;
}

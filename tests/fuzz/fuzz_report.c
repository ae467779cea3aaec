/* Report comments on a tracker are written by anyone who can comment: the
 * decisions block parser must refuse or accept whole, and what it accepts
 * must be what the importer relies on. */
#include "core/base/util.h"
#include "core/github/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_sha(const char *s)
{
    if (strlen(s) != 40)
        abort();
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    rc_report_block b;
    if (rc_report_block_parse(&b, text) == 0) {
        if (b.n > RC_REPORT_MAX_DECISIONS || !b.captain || !*b.captain)
            abort();
        for (size_t i = 0; i < b.n; i++) {
            check_sha(b.items[i].sha);
            if (!b.items[i].author || !*b.items[i].author || !b.items[i].branch ||
                b.items[i].at <= 0)
                abort(); /* every accepted entry names who, where and when */
            if (!b.items[i].decision && !b.items[i].category && !b.items[i].note)
                abort();
        }
        for (size_t i = 0; i < b.npicked; i++)
            check_sha(b.picked[i]);
        rc_report_block_free(&b);
    }
    free(text);
    return 0;
}

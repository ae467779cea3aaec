/* Versions come from tag and branch names: parse, compare, sort key and
 * format must agree with each other for every accepted input. The input is
 * two versions separated by a newline. */
#include "core/base/version.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    char *second = strchr(text, '\n');
    if (second)
        *second++ = '\0';
    else
        second = text;
    rc_version a, b;
    int ra = rc_version_parse(&a, text), rb = rc_version_parse(&b, second);
    char buf[RC_VERSION_STRLEN], ka[RC_VERSION_STRLEN], kb[RC_VERSION_STRLEN];
    if (ra == 0) {
        rc_version_format(buf, sizeof buf, &a);
        rc_version a2;
        if (rc_version_parse(&a2, buf) != 0 || rc_version_cmp(&a, &a2) != 0)
            abort(); /* the normalized form must parse back to an equal version */
        rc_version_release(buf, sizeof buf, &a);
        rc_version next;
        rc_version_next_rc(&next, &a);
        rc_version_next_patch(&next, &a);
        rc_version_next_minor(&next, &a);
        rc_version_next_post(&next, &a);
        rc_version_kind_name(rc_version_kind_of(&a));
    }
    if (ra == 0 && rb == 0) {
        rc_version_sortkey(ka, sizeof ka, &a);
        rc_version_sortkey(kb, sizeof kb, &b);
        int c = sign(rc_version_cmp(&a, &b));
        if (c != -sign(rc_version_cmp(&b, &a)))
            abort(); /* comparison not antisymmetric */
        if (c != sign(strcmp(ka, kb)))
            abort(); /* sort key disagrees with rc_version_cmp */
    }
    free(text);
    return 0;
}

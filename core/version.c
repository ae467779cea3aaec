/* Placeholder: replaced by the full PEP 440 implementation. */
#include "core/version.h"
#include "core/error.h"

#include <stdio.h>
#include <string.h>

int rc_version_parse(rc_version *out, const char *s)
{
    memset(out, 0, sizeof *out);
    return rc_error_set(RC_EINVALID, "invalid version '%s'", s);
}
int rc_version_cmp(const rc_version *a, const rc_version *b)
{
    return memcmp(a, b, sizeof *a);
}
void rc_version_format(char *buf, size_t n, const rc_version *v)
{
    snprintf(buf, n, "0");
}
void rc_version_release(char *buf, size_t n, const rc_version *v)
{
    snprintf(buf, n, "0.0.0");
}
void rc_version_sortkey(char *buf, size_t n, const rc_version *v)
{
    snprintf(buf, n, "0");
}
rc_version_kind rc_version_kind_of(const rc_version *v)
{
    return RC_VKIND_FINAL;
}
const char *rc_version_kind_name(rc_version_kind k)
{
    return "final";
}
void rc_version_next_rc(rc_version *out, const rc_version *v)
{
    *out = *v;
}
void rc_version_next_patch(rc_version *out, const rc_version *v)
{
    *out = *v;
}
void rc_version_next_minor(rc_version *out, const rc_version *v)
{
    *out = *v;
}
void rc_version_next_post(rc_version *out, const rc_version *v)
{
    *out = *v;
}

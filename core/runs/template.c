/* Run templates: placeholders ({commit}, {test}, ...) expanded into an
 * argv, the character set a value may hold to reach a remote shell, and the
 * one quoting function. Depends on nothing else in core/runs. */
#include "core/runs/template.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- quoting ---- */

bool rc_run_value_safe(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            continue;
        if (!strchr("._/+:@=,-", *p))
            return false;
    }
    return true;
}

char *rc_run_shell_quote(const char *s)
{
    /* Inside single quotes a POSIX shell interprets nothing; the only
     * character that cannot appear there is the quote itself, written as
     * '\'' (close, escaped quote, reopen). */
    rc_buf b = {0};
    rc_buf_put(&b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            rc_buf_puts(&b, "'\\''");
        else
            rc_buf_put(&b, p, 1);
    }
    rc_buf_put(&b, "'", 1);
    return rc_buf_detach(&b);
}

/* ---- template expansion ---- */

char *rc_run_visible(const char *s)
{
    /* For messages: show a refused value without letting it act on the
     * terminal, newlines spelled out. */
    rc_buf b = {0};
    for (const char *p = s; *p; p++) {
        if (*p == '\n')
            rc_buf_puts(&b, "\\n");
        else
            rc_buf_put(&b, p, 1);
    }
    char *raw = rc_buf_detach(&b);
    char *clean = rc_sanitize(raw, false);
    free(raw);
    return clean;
}

static int check_value(const char *placeholder, const char *value, bool check_safe)
{
    if (!check_safe || !value || rc_run_value_safe(value))
        return 0;
    char *v = rc_run_visible(value);
    int r = rc_error_set(RC_EUNSAFE,
                         "refusing {%s} value '%s': a run on this node only takes characters "
                         "A-Z a-z 0-9 . _ / + : @ = , -",
                         placeholder, v);
    free(v);
    return r;
}

static const char *var_value(const rc_run_vars *v, const char *name, size_t len, bool *known)
{
    *known = true;
#define VAR(n, f)                                                                                  \
    if (len == sizeof(n) - 1 && memcmp(name, n, len) == 0)                                         \
        return v->f ? v->f : "";
    VAR("commit", commit)
    VAR("branch", branch)
    VAR("tag", tag)
    VAR("release", release)
    VAR("model", model)
    VAR("results", results)
    VAR("run", run)
#undef VAR
    *known = false;
    return NULL;
}

static int expand_one(char **out, const char *t, const rc_run_vars *vars, bool check_safe)
{
    rc_buf b = {0};
    const char *p = t;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) {
            rc_buf_puts(&b, p);
            break;
        }
        rc_buf_put(&b, p, (size_t)(open - p));
        const char *close = strchr(open, '}');
        if (!close) {
            rc_buf_free(&b);
            return rc_error_set(RC_ECONFIG, "command template '%s': unclosed '{'", t);
        }
        const char *name = open + 1;
        size_t len = (size_t)(close - name);
        bool known;
        const char *val = var_value(vars, name, len, &known);
        if (!known && len == 4 && memcmp(name, "test", 4) == 0) {
            for (size_t i = 0; i < vars->ntests; i++) {
                int r = check_value("test", vars->tests[i], check_safe);
                if (r) {
                    rc_buf_free(&b);
                    return r;
                }
                rc_buf_printf(&b, "%s%s", i ? "," : "", vars->tests[i]);
            }
        } else if (!known) {
            rc_buf_free(&b);
            return rc_error_set(RC_ECONFIG,
                                "command template '%s': unknown placeholder {%.*s} (known: "
                                "{commit} {branch} {tag} {release} {model} {test} {results} {run})",
                                t, (int)len, name);
        } else {
            char pname[16];
            snprintf(pname, sizeof pname, "%.*s", (int)len, name);
            int r = check_value(pname, val, check_safe);
            if (r) {
                rc_buf_free(&b);
                return r;
            }
            rc_buf_puts(&b, val);
        }
        p = close + 1;
    }
    *out = rc_buf_detach(&b);
    return 0;
}

int rc_run_expand(rc_spawn_argv *out, const char *const *tmpl, size_t ntmpl,
                  const rc_run_vars *vars, bool check_safe)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < ntmpl; i++) {
        char *one = NULL;
        int r = expand_one(&one, tmpl[i], vars, check_safe);
        if (r) {
            rc_spawn_argv_free(out);
            return r;
        }
        rc_spawn_argv_add(out, one);
        free(one);
    }
    if (!out->v) /* an empty template is still a NULL-terminated argv */
        out->v = rc_xcalloc(1, sizeof *out->v);
    return 0;
}

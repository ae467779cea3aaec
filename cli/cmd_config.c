/* relcap config [--json]: every key of the key table with its effective
 * value and the file it came from. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <string.h>

const char cmd_config_usage[] =
    "usage: relcap config [--json]\n"
    "Print every relcap.* key with its effective value and where it came from: a\n"
    "file path, '-c' for command-line overrides, or 'default'. Subsection keys\n"
    "(relcap.node.NAME.*) are listed for each configured subsection.\n"
    "Warnings about unknown keys are printed on stderr (and under \"warnings\").\n";

static void emit(cJSON *arr, const rc_config *cfg, const rc_config_key *k, const char *name)
{
    const char *origin = rc_config_origin(cfg, name);
    if (arr) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", name);
        if (k->multi) {
            const char *const *vals;
            size_t n;
            rc_config_multi(&vals, &n, cfg, name);
            cJSON *va = cJSON_AddArrayToObject(o, "value");
            for (size_t i = 0; i < n; i++)
                cJSON_AddItemToArray(va, cJSON_CreateString(vals[i]));
        } else {
            const char *v = NULL;
            if (rc_config_string(&v, cfg, name) == 0 && v)
                cJSON_AddStringToObject(o, "value", v);
            else
                cJSON_AddNullToObject(o, "value");
        }
        cJSON_AddStringToObject(o, "origin", origin);
        cJSON_AddBoolToObject(o, "multi", k->multi);
        cJSON_AddStringToObject(o, "doc", k->doc);
        cJSON_AddItemToArray(arr, o);
        return;
    }
    char *so = rc_sanitize(origin, false);
    if (k->multi) {
        const char *const *vals;
        size_t n;
        rc_config_multi(&vals, &n, cfg, name);
        if (n == 0)
            printf("%-32s (unset)\n", name);
        for (size_t i = 0; i < n; i++) {
            char *sv = rc_sanitize(vals[i], false);
            printf("%-32s %-40s %s\n", name, sv, so);
            free(sv);
        }
    } else {
        const char *v = NULL;
        rc_config_string(&v, cfg, name);
        char *sv = v ? rc_sanitize(v, false) : NULL;
        if (sv)
            printf("%-32s %-40s %s\n", name, sv, so);
        else
            printf("%-32s (unset)\n", name);
        free(sv);
    }
    free(so);
    rc_error_clear();
}

int cmd_config(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json;
    rc_config *cfg;
    int st = cmd_json_only(self, argc, argv, &json);
    if (st || (st = ctx_config(ctx, &cfg)))
        return st;
    cJSON *doc = json ? cJSON_CreateObject() : NULL;
    cJSON *keys = json ? cJSON_AddArrayToObject(doc, "keys") : NULL;
    for (const rc_config_key *k = rc_config_keys; k->name; k++) {
        const char *star = strchr(k->name, '*');
        if (!star) {
            emit(keys, cfg, k, k->name);
            continue;
        }
        /* "relcap.node.*.kind": one line per configured subsection */
        const char *dot = strchr(k->name + 7, '.');
        char *prefix = rc_xstrndup(k->name + 7, dot ? (size_t)(dot - k->name - 7) : 0);
        const char *const *subs;
        size_t n = 0;
        if (star[1] == '.')
            rc_config_subsections(&subs, &n, cfg, prefix);
        for (size_t i = 0; i < n; i++) {
            char *name =
                rc_xasprintf("%.*s%s%s", (int)(star - k->name), k->name, subs[i], star + 1);
            emit(keys, cfg, k, name);
            free(name);
        }
        free(prefix);
    }
    if (json) {
        cJSON *w = cJSON_AddArrayToObject(doc, "warnings");
        for (size_t i = 0; i < rc_config_warning_count(cfg); i++)
            cJSON_AddItemToArray(w, cJSON_CreateString(rc_config_warning(cfg, i)));
        cmd_print_json(doc);
    }
    return 0;
}

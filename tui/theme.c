#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *mark;
    short fg, bg;
    attr_t colour_extra, mono;
} roles[ROLE_COUNT] = {
    [ROLE_NORMAL] = {NULL, -1, -1, 0, A_NORMAL},
    [ROLE_HEADER] = {"h", COLOR_BLACK, COLOR_GREEN, 0, A_BOLD | A_UNDERLINE},
    [ROLE_SELECT] = {"sel", COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
    [ROLE_TAB] = {"tab", COLOR_WHITE, COLOR_BLUE, 0, A_NORMAL},
    [ROLE_TABSEL] = {"tabsel", COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_TITLE] = {"t", COLOR_CYAN, -1, A_BOLD, A_BOLD},
    [ROLE_STATUS] = {"st", COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE},
    [ROLE_ERROR] = {"err", COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_KEY] = {"k", -1, -1, A_BOLD, A_BOLD},
    [ROLE_LABEL] = {"f", COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
    [ROLE_GOOD] = {"g", COLOR_GREEN, -1, 0, A_NORMAL},
    [ROLE_BAD] = {"r", COLOR_RED, -1, A_BOLD, A_BOLD},
    [ROLE_WARN] = {"y", COLOR_YELLOW, -1, 0, A_UNDERLINE},
    /* the terminal's own colour, dimmed: readable on dark and light backgrounds (blue on
     * black is not) */
    [ROLE_DIM] = {"d", -1, -1, A_DIM, A_DIM},
    [ROLE_DIALOG] = {"dlg", COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE},
};

static bool colour;

void rc_theme_init(const char *mode)
{
    const char *nc = getenv("NO_COLOR");
    bool want = true;
    if (mode && strcmp(mode, "never") == 0)
        want = false;
    else if (!(mode && strcmp(mode, "always") == 0) && nc && *nc)
        want = false;
    colour = want && has_colors() && start_color() == OK;
    if (!colour)
        return;
    use_default_colors();
    for (int r = 1; r < ROLE_COUNT; r++)
        init_pair((short)r, roles[r].fg, roles[r].bg);
}

bool rc_theme_colour(void)
{
    return colour;
}

attr_t rc_theme_attr(int role)
{
    if (role <= 0 || role >= ROLE_COUNT)
        return A_NORMAL;
    return colour ? (COLOR_PAIR(role) | roles[role].colour_extra) : roles[role].mono;
}

const char *rc_theme_mark(short pair, attr_t attrs)
{
    if (pair > 0 && pair < ROLE_COUNT)
        return roles[pair].mark;
    if ((attrs & A_REVERSE) && (attrs & A_BOLD))
        return "RB";
    if (attrs & A_REVERSE)
        return "R";
    if (attrs & A_BOLD)
        return (attrs & A_UNDERLINE) ? "BU" : "B";
    if (attrs & A_UNDERLINE)
        return "U";
    if (attrs & A_DIM)
        return "D";
    return NULL;
}

int rc_theme_role_for(const char *w)
{
    static const struct {
        const char *word;
        int role;
    } map[] = {
        {"success", ROLE_GOOD},    {"succeeded", ROLE_GOOD},    {"improvement", ROLE_GOOD},
        {"picked", ROLE_GOOD},     {"approve", ROLE_GOOD},      {"clean", ROLE_GOOD},
        {"maintained", ROLE_GOOD}, {"failure", ROLE_BAD},       {"failed", ROLE_BAD},
        {"regression", ROLE_BAD},  {"revert-needed", ROLE_BAD}, {"conflict", ROLE_BAD},
        {"reject", ROLE_BAD},      {"lost", ROLE_BAD},          {"eol", ROLE_DIM},
        {"pending", ROLE_WARN},    {"running", ROLE_WARN},      {"queued", ROLE_WARN},
        {"defer", ROLE_WARN},      {"not-needed", ROLE_DIM},    {"noise", ROLE_DIM},
        {"cancelled", ROLE_DIM},   {"missing", ROLE_DIM},       {"unmaintained", ROLE_DIM},
    };
    if (!w)
        return 0;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i].word, w) == 0)
            return map[i].role;
    return 0;
}

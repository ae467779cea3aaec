/* Cherry-pick categories, after the criteria of the release policies:
 * regression-fix, critical-fix, new-feature-fix, documentation,
 * release-specific (CI, version), feature (never allowed after the cut),
 * unknown. Derived, first match wins, from:
 *   1. PR labels mapped by relcap.categoryLabel (LABEL=CATEGORY), then the
 *      built-in labels (regression; bug, bugfix, critical; documentation,
 *      docs; ci, ci/build, release; feature);
 *   2. subject prefixes mapped by relcap.categoryPrefix ([PREFIX]=CATEGORY);
 *   3. built-in prefixes, in brackets or as a Conventional Commits type
 *      ("feat(x): ..."): [Bugfix] [Bug] [Bug fix] [Fix] [Hotfix] [Security]
 *      -> critical-fix, or regression-fix when the subject says
 *      "regression"; [Regression]; [Doc] [Docs] -> documentation; tests,
 *      CI, build and benchmark tooling ([CI] [Build] [CI/CD] [Buildkite]
 *      [Docker] [Test] [Tests] [Unit Test] [Benchmark] [Release] [Version])
 *      -> release-specific; [Feature] [Feat] [New Model] -> feature; area
 *      prefixes ([Model] [Perf] [Refactor] [Kernel] [Spec Decode]
 *      [Multimodal] [Quantization] [MoE] [Multi-host] ...) -> feature
 *      unless the subject has a fix word (fix, bug, crash, leak, deadlock:
 *      then critical-fix); [Misc] [Chore] [WIP] and other prefixes decide
 *      nothing);
 *   4. keywords of the subject (whole words, any case): "revert" and
 *      "regression" -> regression-fix; crash, deadlock, hang, leak, oom,
 *      segfault, incorrect, wrong, corrupt, nan -> critical-fix; doc, docs,
 *      readme, typo -> documentation; "bump version", ci, "release notes",
 *      RELEASE.md, changelog -> release-specific;
 *      fix, fixes, fixed, bug -> critical-fix; add, support, implement,
 *      introduce, optimize, enable, improve, refactor -> feature; last,
 *      test, tests, benchmark -> release-specific.
 * Before all of them, an automation commit (rc_category_is_automation) is
 * automation.
 * The engine turns a fix into new-feature-fix when it names a PR merged
 * since the previous release's cut (see core/picks.c). */
#ifndef RELCAP_CATEGORY_H
#define RELCAP_CATEGORY_H

#include "core/base/config.h"

#include <stdbool.h>
#include <stddef.h>

#define RC_CAT_REGRESSION "regression-fix"
#define RC_CAT_CRITICAL "critical-fix"
#define RC_CAT_NEWFEATURE "new-feature-fix"
#define RC_CAT_DOC "documentation"
#define RC_CAT_RELEASE "release-specific"
#define RC_CAT_FEATURE "feature"
#define RC_CAT_AUTOMATION "automation"
#define RC_CAT_UNKNOWN "unknown"

/* NULL-terminated list of the category names. */
extern const char *const rc_category_names[];
/* "regression-fix, critical-fix, ..., unknown": the valid names, for
 * error messages. */
#define RC_CATEGORY_LIST                                                                           \
    "regression-fix, critical-fix, new-feature-fix, documentation, release-specific, feature, "    \
    "automation, unknown"
/* The canonical static name when name is a category or one of the aliases
 * docs, doc, critical, bug, bugfix, regression, ci, test, release, feat,
 * bot (any case), else NULL. */
const char *rc_category_canonical(const char *name);
/* True for regression-fix, critical-fix and new-feature-fix. */
bool rc_category_is_fix(const char *category);

typedef struct rc_category_rules rc_category_rules;

/* Rules from relcap.categoryPrefix, relcap.categoryLabel,
 * relcap.automationAuthor and relcap.automationSubject (cfg may be NULL:
 * built-ins only). A mapping naming an unknown category is an RC_ECONFIG
 * error naming the value. */
int rc_category_rules_new(rc_category_rules **out, const rc_config *cfg);
void rc_category_rules_free(rc_category_rules *rules);

/* Category of a commit: labels_json is the PR's labels as a JSON array of
 * strings or of {"name": ...} objects (NULL or "[]" when unknown). Returns a
 * static category name; never fails. */
const char *rc_category_of(const rc_category_rules *rules, const char *subject,
                           const char *labels_json);

/* A commit made by automation, not a decision for the captain: its author
 * name or email matches a relcap.automationAuthor glob (any case; default
 * "*[bot]", "* bot", "*[bot]@*", "*-bot@*": a glob holding '@' is matched
 * against the email, any other against the name), or its subject starts
 * with a relcap.automationSubject prefix (any case; default "[skip ci]").
 * The engine gives such a commit the category automation, before any
 * other rule. author and email may be NULL. */
bool rc_category_is_automation(const rc_category_rules *rules, const char *subject,
                               const char *author, const char *email);

/* Category named by free text such as a release tracker's "Criteria
 * Category:" line ("Regression fix", "Test/CI fixes", "Documentation", or
 * a category name); NULL when the text names none. */
const char *rc_category_from_text(const char *text);

#endif

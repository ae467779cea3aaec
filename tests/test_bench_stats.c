/* Median, Mann-Whitney U (exact and normal approximation) and the verdict
 * rule on constructed samples with known answers. */
#include "tests/testutil.h"

#include "core/bench/bench_diff.h"
#include "core/bench/bench_stats.h"

#include <math.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof *(a))

static void test_median(void **state)
{
    (void)state;
    double odd[] = {5, 1, 3};
    double even[] = {4, 1, 3, 2};
    double one[] = {7.5};
    assert_float_equal(rc_bench_median(odd, 3), 3, 1e-12);
    assert_float_equal(rc_bench_median(even, 4), 2.5, 1e-12);
    assert_float_equal(rc_bench_median(one, 1), 7.5, 1e-12);
    assert_true(isnan(rc_bench_median(one, 0)));
    /* The input is not reordered. */
    assert_float_equal(odd[0], 5, 0);
}

static void test_mwu_exact(void **state)
{
    (void)state;
    rc_mwu_result r;
    double a[] = {1, 2, 3}, b[] = {4, 5, 6};
    assert_int_equal(rc_bench_mwu(&r, a, 3, b, 3), 0);
    assert_true(r.exact);
    assert_float_equal(r.u, 0, 0);
    assert_float_equal(r.p_value, 0.1, 1e-12); /* 2 / C(6,3) */
    assert_int_equal(rc_bench_mwu(&r, b, 3, a, 3), 0);
    assert_float_equal(r.u, 9, 0);
    assert_float_equal(r.p_value, 0.1, 1e-12);
    /* U = 1 for 3 vs 3: P(U <= 1) = 2/20, two-sided 0.2. */
    double c[] = {1, 2, 4}, d[] = {3, 5, 6};
    assert_int_equal(rc_bench_mwu(&r, c, 3, d, 3), 0);
    assert_float_equal(r.u, 1, 0);
    assert_float_equal(r.p_value, 0.2, 1e-12);
    /* 5 vs 5 fully separated: 2 / 252. */
    double e[] = {1, 2, 3, 4, 5}, f[] = {6, 7, 8, 9, 10};
    assert_int_equal(rc_bench_mwu(&r, e, 5, f, 5), 0);
    assert_float_equal(r.p_value, 2.0 / 252.0, 1e-12);
    /* Interleaved: the middle of the distribution, p = 1. */
    double g[] = {1, 4, 5, 8}, h[] = {2, 3, 6, 7};
    assert_int_equal(rc_bench_mwu(&r, g, 4, h, 4), 0);
    assert_float_equal(r.u, 8, 0);
    assert_float_equal(r.p_value, 1.0, 1e-12);
    assert_float_equal(rc_bench_mwu_min_p(3, 3), 0.1, 1e-12);
    assert_float_equal(rc_bench_mwu_min_p(5, 5), 2.0 / 252.0, 1e-12);
    assert_float_equal(rc_bench_mwu_min_p(1, 1), 1.0, 1e-12);
}

static void test_mwu_ties_normal(void **state)
{
    (void)state;
    /* Ties force the normal approximation with tie correction:
     * U = 2, mu = 8, var = 16/12 * (9 - 24/56), continuity 0.5:
     * p = erfc(5.5 / sqrt(var) / sqrt 2) = 0.10375367752... */
    rc_mwu_result r;
    double a[] = {1, 2, 2, 3}, b[] = {2, 4, 5, 6};
    assert_int_equal(rc_bench_mwu(&r, a, 4, b, 4), 0);
    assert_false(r.exact);
    assert_float_equal(r.u, 2, 0);
    assert_float_equal(r.p_value, 0.1037536775209857, 1e-9);
    /* All equal: no evidence at all. */
    double z[] = {3, 3, 3};
    assert_int_equal(rc_bench_mwu(&r, z, 3, z, 3), 0);
    assert_float_equal(r.p_value, 1, 0);
    /* Large samples (over the exact limit), shifted apart: tiny p. */
    double big_a[40], big_b[40];
    for (int i = 0; i < 40; i++) {
        big_a[i] = i;
        big_b[i] = i + 100.5;
    }
    assert_int_equal(rc_bench_mwu(&r, big_a, 40, big_b, 40), 0);
    assert_false(r.exact);
    assert_true(r.p_value < 1e-10);
    /* ...and interleaved: large p. */
    for (int i = 0; i < 40; i++)
        big_b[i] = i + 0.5;
    assert_int_equal(rc_bench_mwu(&r, big_a, 40, big_b, 40), 0);
    assert_true(r.p_value > 0.5);
}

/* ---- verdicts ---- */

static rc_bench_delta judge(int better, const double *b, size_t nb, const double *h, size_t nh)
{
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_delta row;
    memset(&row, 0, sizeof row);
    row.better = better;
    rc_bench_judge(&row, b, nb, h, nh, &o);
    return row;
}

static void test_verdicts(void **state)
{
    (void)state;
    /* A 10% regression of a latency with tight samples: regression. */
    double base[] = {100, 100.5, 99.5, 100.2, 99.8};
    double slow[] = {110, 110.4, 109.6, 110.1, 109.9};
    rc_bench_delta r = judge(-1, base, 5, slow, 5);
    assert_int_equal(r.verdict, RC_BENCH_REGRESSION);
    assert_float_equal(r.delta_pct, -10, 1e-9);
    assert_float_equal(r.p_value, 2.0 / 252.0, 1e-12);
    assert_float_equal(r.base, 100, 1e-12);
    assert_float_equal(r.head, 110, 1e-12);
    /* The same change of a throughput is an improvement. */
    r = judge(1, base, 5, slow, 5);
    assert_int_equal(r.verdict, RC_BENCH_IMPROVEMENT);
    assert_float_equal(r.delta_pct, 10, 1e-9);
    /* A 10% change of the median inside wide noise: noise. */
    double wide_b[] = {70, 130, 95, 105, 100};
    double wide_h[] = {77, 140, 104.5, 115.5, 110};
    r = judge(-1, wide_b, 5, wide_h, 5);
    assert_float_equal(r.delta_pct, -10, 1e-9);
    assert_true(r.p_value > 0.05);
    assert_int_equal(r.verdict, RC_BENCH_NOISE);
    /* A 1% change, however tight and significant: noise. */
    double one_h[] = {101, 101.5, 100.5, 101.2, 100.8};
    r = judge(-1, base, 5, one_h, 5);
    assert_true(r.p_value < 0.05);
    assert_float_equal(r.delta_pct, -1, 1e-9);
    assert_int_equal(r.verdict, RC_BENCH_NOISE);
    /* One sample a side: the threshold alone, no p-value. */
    double b1[] = {100}, h1[] = {110}, h2[] = {103}, h3[] = {94};
    r = judge(-1, b1, 1, h1, 1);
    assert_int_equal(r.verdict, RC_BENCH_REGRESSION);
    assert_true(isnan(r.p_value));
    r = judge(-1, b1, 1, h2, 1);
    assert_int_equal(r.verdict, RC_BENCH_NOISE);
    r = judge(-1, b1, 1, h3, 1);
    assert_int_equal(r.verdict, RC_BENCH_IMPROVEMENT);
    assert_float_equal(r.delta_pct, 6, 1e-9);
    /* Three a side (the sample files' size): the exact test cannot reach
     * 0.05, so complete separation beyond the threshold decides. */
    double b3[] = {100, 101, 99}, h3s[] = {110, 111, 109}, h3o[] = {98, 111, 112};
    r = judge(-1, b3, 3, h3s, 3);
    assert_int_equal(r.verdict, RC_BENCH_REGRESSION);
    assert_float_equal(r.p_value, 0.1, 1e-12);
    r = judge(-1, b3, 3, h3o, 3);
    assert_int_equal(r.verdict, RC_BENCH_NOISE);
    /* Missing sides. */
    r = judge(-1, b3, 3, NULL, 0);
    assert_int_equal(r.verdict, RC_BENCH_MISSING);
    assert_true(isnan(r.head) && isnan(r.delta_pct));
    assert_int_equal(r.base_n, 3);
    r = judge(1, NULL, 0, h1, 1);
    assert_int_equal(r.verdict, RC_BENCH_MISSING);
    /* Unknown direction: never a regression. */
    r = judge(0, b1, 1, h1, 1);
    assert_int_equal(r.verdict, RC_BENCH_NOISE);
    assert_float_equal(r.delta_pct, 10, 1e-9);
    /* The threshold is configurable: 12% makes the 10% regression noise. */
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    o.threshold_pct = 12;
    rc_bench_delta row;
    memset(&row, 0, sizeof row);
    row.better = -1;
    rc_bench_judge(&row, base, 5, slow, 5, &o);
    assert_int_equal(row.verdict, RC_BENCH_NOISE);
    /* A stricter alpha than 5 vs 5 can reach makes the 10% regression
     * fall back to the separation rule: still a regression. */
    o.threshold_pct = 5;
    o.alpha = 0.001;
    rc_bench_judge(&row, base, 5, slow, 5, &o);
    assert_int_equal(row.verdict, RC_BENCH_REGRESSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median),
        cmocka_unit_test(test_mwu_exact),
        cmocka_unit_test(test_mwu_ties_normal),
        cmocka_unit_test(test_verdicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

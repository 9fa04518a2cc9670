import math

import numpy as np
import pytest

from metric_cd_plugin.core.classical.chi_square import chi2_cdf, chi2_ppf, chi2_sf


@pytest.mark.parametrize("x, dof, p", [(3.841458820694124, 1, 0.95), (9.487729036781154, 4, 0.95),
                                       (3.84, 1, 0.949956), (9.49, 4, 0.950046),
                                       (6.634896601021214, 1, 0.99), (16.811893829770927, 6, 0.99)])
def test_known_quantiles(x, dof, p):
    assert float(chi2_cdf(x, dof)) == pytest.approx(p, abs=1e-6)


def test_closed_forms_for_one_and_two_dof():
    x = np.linspace(0.0, 80.0, 401)
    assert np.allclose(chi2_cdf(x, 2), 1.0 - np.exp(-x / 2.0), atol=1e-14)
    assert np.allclose(chi2_cdf(x, 1), [math.erf(math.sqrt(v / 2.0)) for v in x], atol=1e-14)


def test_survival_keeps_precision_in_the_far_tail():
    # dof 6: sf(x) = exp(-x/2) (1 + x/2 + (x/2)^2 / 2)
    x = 200.0
    exact = math.exp(-100.0) * (1 + 100.0 + 100.0 ** 2 / 2)
    assert float(chi2_sf(x, 6)) == pytest.approx(exact, rel=1e-10)


def test_edges_and_nan():
    out = chi2_cdf(np.array([0.0, np.inf, np.nan]), 3)
    assert out[0] == 0.0 and out[1] == 1.0 and np.isnan(out[2])


def test_ppf_inverts_cdf():
    for dof in (1, 3, 6, 13):
        for p in (0.5, 0.95, 0.999):
            assert float(chi2_cdf(chi2_ppf(p, dof), dof)) == pytest.approx(p, abs=1e-10)

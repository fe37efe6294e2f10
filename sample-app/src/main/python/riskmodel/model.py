"""The risk model: a logistic regression of the probability of default, whose coefficients ship with the
application (risk_coefficients.json, next to this file).

Two interchangeable backends compute the same numbers: `PurePythonModel` (standard library only) and `NumpyModel`
(vectorized, its probabilities from scipy's logistic function when scipy is there), chosen once at start by
`choose_backend`. With pyembed-numpy and pyembed-scipy on the class path, the embedded CPython has both.
"""
import json
import math
from importlib import resources

#: The model's inputs, in the order of the coefficient vectors.
FEATURES = ('debt_to_income', 'log_income', 'age', 'employment_years', 'late_payments', 'account_age_years')


class Coefficients:
    """risk_coefficients.json, checked: every feature has a weight, a mean and a positive scale."""

    def __init__(self, data):
        self.version = str(data['version'])
        self.intercept = float(data['intercept'])
        self.clip = float(data['clip'])
        features = data['features']
        missing = [name for name in FEATURES if name not in features]
        if missing:
            raise ValueError(f'risk coefficients {self.version}: no coefficients for {missing}')
        self.weights = [float(features[name]['weight']) for name in FEATURES]
        self.means = [float(features[name]['mean']) for name in FEATURES]
        self.scales = [float(features[name]['scale']) for name in FEATURES]
        if any(scale <= 0 for scale in self.scales):
            raise ValueError(f'risk coefficients {self.version}: every scale must be positive')
        self.score_min = int(data['score']['min'])
        self.score_max = int(data['score']['max'])
        # highest threshold first
        self.bands = sorted(((int(b['min_score']), str(b['name'])) for b in data['bands']), reverse=True)


def load_coefficients():
    """The coefficients shipped in this package (a file, also when the app runs from an executable jar: pyembed
    extracts classpath:python/ to a folder)."""
    text = resources.files(__package__).joinpath('risk_coefficients.json').read_text(encoding='utf-8')
    return Coefficients(json.loads(text))


def feature_values(applicant, history):
    """The model's inputs for one applicant (a dict from the JSON request) and the customer's history (a dict from
    the Java history service). Raises ValueError on a history record the model cannot use."""
    customer_id = applicant['customerId']
    late_payments = history['latePayments']
    account_age_months = history['accountAgeMonths']
    if late_payments < 0 or account_age_months < 0:
        raise ValueError(f'history of customer {customer_id} is corrupt: latePayments={late_payments}, '
                         f'accountAgeMonths={account_age_months}')
    income = float(applicant['income'])
    return [
        float(applicant['debt']) / income,
        math.log(income),
        float(applicant['age']),
        float(applicant['employmentYears']),
        float(late_payments),
        account_age_months / 12.0,
    ]


def sigmoid(x):
    """1 / (1 + e^-x), without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class PurePythonModel:
    """Standard library only."""

    name = 'python'

    def __init__(self, coefficients):
        self.c = coefficients

    probability = staticmethod(sigmoid)

    def contributions(self, values):
        """weight * clip((value - mean) / scale) per feature, in FEATURES order."""
        c = self.c
        out = []
        for value, weight, mean, scale in zip(values, c.weights, c.means, c.scales):
            z = (value - mean) / scale
            z = max(-c.clip, min(c.clip, z))
            out.append(weight * z)
        return out


class NumpyModel:
    """The same computation on numpy vectors: what a model with many features, or batches, would use."""

    name = 'numpy'

    def __init__(self, coefficients):
        import numpy
        self.np = numpy
        self.c = coefficients
        try:
            from scipy.special import expit  # the logistic function, as a ufunc: stable for any logit
            import scipy
            self.probability = lambda logit: float(expit(logit))
            self.probability_source = f'scipy.special.expit, scipy {scipy.__version__}'
        except ImportError:
            self.probability = sigmoid
            self.probability_source = 'no scipy: the standard-library sigmoid'

        self.weights = numpy.array(coefficients.weights)
        self.means = numpy.array(coefficients.means)
        self.scales = numpy.array(coefficients.scales)

    def contributions(self, values):
        np = self.np
        z = np.clip((np.array(values, dtype=np.float64) - self.means) / self.scales, -self.c.clip, self.c.clip)
        return (self.weights * z).tolist()


def choose_backend(preference, coefficients):
    """(model, why) for preference 'auto' (numpy when importable), 'numpy' (fails without it) or 'python'."""
    if preference not in ('auto', 'numpy', 'python'):
        raise ValueError(f"risk.model.backend={preference!r}: expected 'auto', 'numpy' or 'python'")
    if preference == 'python':
        return PurePythonModel(coefficients), 'risk.model.backend=python'
    try:
        import numpy
    except ImportError as e:
        if preference == 'numpy':
            raise RuntimeError(f'risk.model.backend=numpy, but numpy cannot be imported: {e}') from e
        return PurePythonModel(coefficients), f'numpy is not importable ({e})'
    model = NumpyModel(coefficients)
    return model, f'numpy {numpy.__version__} is importable; probabilities by {model.probability_source}'


def score(model, values):
    """{probabilityOfDefault, score, riskBand, explanation} of one applicant's feature values."""
    c = model.c
    contributions = model.contributions(values)
    logit = c.intercept
    for contribution in contributions:
        logit += contribution
    probability = model.probability(logit)
    points = math.floor(c.score_min + (c.score_max - c.score_min) * (1.0 - probability) + 0.5)
    band = next(name for threshold, name in c.bands if points >= threshold)
    explanation = [
        {'feature': name, 'value': value, 'contribution': contribution}
        for name, value, contribution in zip(FEATURES, values, contributions)
    ]
    explanation.sort(key=lambda item: (-abs(item['contribution']), item['feature']))
    return {'probabilityOfDefault': probability, 'score': points, 'riskBand': band, 'explanation': explanation}

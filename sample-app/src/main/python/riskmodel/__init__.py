"""Risk scoring, called from Java (dev.pyembed.sample.score.RiskScoringService) inside GIL scopes.

    start(settings)   once, when the application starts: loads the coefficients, chooses the backend
                      (numpy when importable), starts the `stats-updater` thread
    score(applicant)  one validated request (a dict) -> score, probability of default and explanation; asks the
                      Java bean registered as 'history' for the customer's history (the GIL is released meanwhile)
    stats()           the latest rolling statistics
    describe()        which model and backend run
    stop(timeout)     when the application stops
"""
import logging
import platform
import sys

import pyembed

from . import model as _model
from .stats import RollingStats

log = logging.getLogger(__name__)

_coefficients = None
_backend = None
_backend_reason = None
_stats = None


def start(settings):
    global _coefficients, _backend, _backend_reason, _stats
    if _stats is not None:
        stop(5.0)
    _coefficients = _model.load_coefficients()
    _backend, _backend_reason = _model.choose_backend(settings.get('backend', 'auto'), _coefficients)
    _stats = RollingStats(interval=settings.get('statsIntervalSeconds', 1.0),
                          window=settings.get('statsWindowSeconds', 60.0))
    _stats.start()
    log.info('risk model %s on the %s backend (%s), Python %s', _coefficients.version, _backend.name,
             _backend_reason, platform.python_version())


def stop(timeout):
    global _stats
    stats, _stats = _stats, None
    return stats.stop(timeout) if stats is not None else True


def _require_started():
    if _stats is None:
        raise RuntimeError('riskmodel.start(settings) has not been called')


def score(applicant):
    _require_started()
    history = pyembed.java('history').lookup(applicant['customerId'])  # Java; the GIL is released meanwhile
    values = _model.feature_values(applicant, history)
    result = _model.score(_backend, values)
    _stats.record(result['score'])
    result['customerId'] = applicant['customerId']
    result['modelVersion'] = _coefficients.version
    result['backend'] = _backend.name
    return result


def stats():
    _require_started()
    snapshot = dict(_stats.snapshot)
    snapshot['updaterAlive'] = _stats.alive()
    snapshot['backend'] = _backend.name
    return snapshot


def describe():
    _require_started()
    return {
        'modelVersion': _coefficients.version,
        'backend': _backend.name,
        'backendReason': _backend_reason,
        'features': list(_model.FEATURES),
        'pythonVersion': platform.python_version(),
        'pythonImplementation': sys.implementation.name,
        'statsUpdaterAlive': _stats.alive(),
    }

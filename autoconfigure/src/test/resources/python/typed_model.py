"""Functions behind the @PythonModule interfaces of dev.pyembed.spring.module (tests)."""
import array
import collections
import dataclasses
import threading

calls = 0
_lock = threading.Lock()
last = None


def score(applicant):
    global calls
    with _lock:
        calls += 1
    ratio = applicant['debts'] / applicant['income']
    return {'score': round(1 - ratio, 4), 'band': 'LOW' if ratio < 0.3 else 'HIGH',
            'factors': [{'name': 'ratio', 'weight': ratio}, {'name': 'age', 'weight': applicant['age'] / 100}],
            'model': 'test'}


def kinds(value):
    """What Python received: type names, recursively."""
    if isinstance(value, dict):
        return {str(k): kinds(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [kinds(v) for v in value]
    return type(value).__name__


def echo(value):
    return value


def add(a, b):
    return a + b


def greet(name, punctuation='!'):
    return 'hello ' + name + punctuation


def is_even(n):
    return n % 2 == 0


def remember(value):
    global last
    last = value
    return 'ignored'


def point(x, y):
    return {'x': x, 'y': y}


def points(n):
    return [{'x': i, 'y': i * 2.0} for i in range(n)]


def maybe_point(present):
    return {'x': 1.0, 'y': 2.0} if present else None


def counts():
    return {'a': 1, 'b': 2}


def halves(n):
    return [i * 0.5 for i in range(n)]


def halves_array(n):
    return array.array('d', [i * 0.5 for i in range(n)])


def squares(n):
    return [i * i for i in range(n)]


def big():
    return 2 ** 100


@dataclasses.dataclass
class DataPoint:
    x: float
    y: float


def data_point():
    return DataPoint(3.0, 4.0)


Pair = collections.namedtuple('Pair', 'x y')


def pair():
    return Pair(5.0, 6.0)


def tags():
    return {'b', 'a'}


def anything(*args, **kwargs):
    return len(args)


def partial_point():
    return {'x': 1.0}


def text_point():
    return {'x': 'high', 'y': 1.0}


def bad_points():
    return [{'x': 1, 'y': 2}, {'x': 1, 'y': 'two'}]


def nothing():
    return None


def half():
    return 0.5


def bad_band():
    return 'MEDIUM'


def spin():
    while True:
        pass


def fail(reason):
    raise ValueError(reason)


def call(f):
    return f()


counted_calls = 0


def counted(value):
    global counted_calls
    counted_calls += 1
    return value


def weighted(x, *, scale=1.0, offset=0.0):
    return x * scale + offset

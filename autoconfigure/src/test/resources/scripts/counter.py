# A request counter for the concurrency tests: next(counter) under the GIL.
import itertools

counter = itertools.count(1)

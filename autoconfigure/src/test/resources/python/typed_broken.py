"""A module for the start-up checks of @PythonModule interfaces: one of each thing that cannot match."""
threshold = 0.5


def two(a, b):
    return a + b


def keyword_only(a, *, strict):
    return a

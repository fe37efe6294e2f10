package dev.pyembed.spring.module;

import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.spring.gil.GilCall;
import dev.pyembed.spring.gil.WithGil;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The invocation handler behind one {@link PythonModule} interface. */
final class PythonModuleProxy implements InvocationHandler {

    private final Class<?> moduleInterface;
    private final String module;
    private final Supplier<PythonEngine> engine;
    private final Map<Method, FunctionCall> calls;
    /** The imported module, once checked; functions are looked up on it per call (so importlib.reload works). */
    private volatile PyObject moduleObject;

    PythonModuleProxy(Class<?> moduleInterface, Supplier<PythonEngine> engine, Duration defaultTimeout) {
        this.moduleInterface = moduleInterface;
        this.engine = engine;
        PythonModule annotation = moduleInterface.getAnnotation(PythonModule.class);
        if (annotation == null || annotation.value().isBlank()) {
            throw new PythonModuleException(PythonModuleException.Kind.MODULE_NOT_IMPORTABLE, moduleInterface,
                    annotation == null ? null : annotation.value(), null, moduleInterface.getName()
                    + " needs @PythonModule(\"module.name\") naming the Python module it calls", null);
        }
        this.module = annotation.value().trim();
        Map<Method, FunctionCall> byMethod = new LinkedHashMap<>();
        for (Method method : moduleInterface.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.isSynthetic()
                    || method.isBridge()) {
                continue;
            }
            PythonFunction named = method.getAnnotation(PythonFunction.class);
            String function = named == null || named.value().isBlank() ? method.getName() : named.value().trim();
            String label = moduleInterface.getSimpleName() + "." + method.getName();
            Type returnType = method.getGenericReturnType();
            String unsupported = PythonResults.unsupported(returnType);
            if (unsupported != null) {
                throw new PythonModuleException(PythonModuleException.Kind.UNSUPPORTED_TYPE, moduleInterface, module,
                        function, moduleInterface.getName() + "." + method.getName() + " (" + module + "." + function
                        + ") declares the return type " + returnType.getTypeName() + ": " + unsupported, null);
            }
            WithGil withGil = AnnotatedElementUtils.findMergedAnnotation(method, WithGil.class);
            if (withGil == null) {
                withGil = AnnotatedElementUtils.findMergedAnnotation(moduleInterface, WithGil.class);
            }
            GilCall gilCall = GilCall.of(withGil, defaultTimeout, moduleInterface.getName() + "." + method.getName(), label);
            boolean[] keywords = new boolean[method.getParameterCount()];
            List<String> keywordNames = new ArrayList<>();
            boolean namesKnown = true;
            for (int i = 0; i < keywords.length; i++) {
                if (method.getParameters()[i].isAnnotationPresent(PythonKeywords.class)) {
                    keywords[i] = true;
                    List<String> names = JavaArguments.keywordNames(method.getParameterTypes()[i]);
                    if (names == null && !Map.class.isAssignableFrom(method.getParameterTypes()[i])) {
                        throw new PythonModuleException(PythonModuleException.Kind.UNSUPPORTED_TYPE, moduleInterface,
                                module, function, moduleInterface.getName() + "." + method.getName() + " (" + module
                                + "." + function + "): @PythonKeywords on a " + method.getParameterTypes()[i].getName()
                                + ", which is not a record, a JavaBean or a Map", null);
                    }
                    if (names == null) {
                        namesKnown = false;
                    } else {
                        keywordNames.addAll(names);
                    }
                }
            }
            byMethod.put(method, new FunctionCall(method, function, returnType, gilCall,
                    new PythonResults(label, module + "." + function), keywords, List.copyOf(keywordNames), namesKnown));
        }
        this.calls = Collections.unmodifiableMap(byMethod);
    }

    Class<?> moduleInterface() {
        return moduleInterface;
    }

    /**
     * Imports the module and checks each function against its method: it exists, is callable, and its signature
     * binds as many positional arguments as the method has parameters. Idempotent; concurrent calls just both check.
     *
     * @throws PythonModuleException naming the interface, the module and the function
     */
    void verify() {
        if (moduleObject != null) {
            return;
        }
        moduleObject = engine.get().withGil(gil -> {
            PyObject imported;
            try {
                imported = gil.importModule(module);
            } catch (PythonException e) {
                throw new PythonModuleException(PythonModuleException.Kind.MODULE_NOT_IMPORTABLE, moduleInterface,
                        module, null, "@PythonModule(\"" + module + "\") on " + moduleInterface.getName()
                        + ": the module cannot be imported: " + e.pythonType() + ": " + e.pythonMessage(), e);
            }
            try (PyObject builtins = gil.importModule("builtins"); PyObject inspect = gil.importModule("inspect");
                 PyObject callable = builtins.getAttr("callable"); PyObject signatureOf = inspect.getAttr("signature")) {
                for (FunctionCall call : calls.values()) {
                    check(imported, call, callable, signatureOf);
                }
            } catch (RuntimeException | Error e) {
                imported.close();
                throw e;
            }
            return imported;
        });
    }

    private void check(PyObject imported, FunctionCall call, PyObject callable, PyObject signatureOf) {
        String where = moduleInterface.getName() + "." + call.method().getName() + " calls " + module + "."
                + call.function() + "()";
        if (!imported.hasAttr(call.function())) {
            throw new PythonModuleException(PythonModuleException.Kind.FUNCTION_MISSING, moduleInterface, module,
                    call.function(), where + ", but module '" + module + "' has no attribute '" + call.function() + "'",
                    null);
        }
        try (PyObject function = imported.getAttr(call.function())) {
            if (!Boolean.TRUE.equals(callable.call(function))) {
                throw new PythonModuleException(PythonModuleException.Kind.NOT_CALLABLE, moduleInterface, module,
                        call.function(), where + ", but " + module + "." + call.function() + " is a "
                        + function.typeName() + ", not callable", null);
            }
            Object signature;
            try {
                signature = signatureOf.call(function);
            } catch (PythonException e) {
                return; // no signature to read (some C functions): any call may work
            }
            int parameters = call.positionalCount();
            Map<String, Object> keywords = new LinkedHashMap<>();
            for (String name : call.keywordNames()) {
                keywords.put(name, null);
            }
            // a Map's keywords are known only at the call: bind_partial checks what is known
            try (PyObject sig = (PyObject) signature; PyObject bind = sig.getAttr(call.keywordNamesKnown() ? "bind" : "bind_partial")) {
                try {
                    if (bind.call(Arrays.asList(new Object[parameters]), keywords) instanceof PyObject bound) {
                        bound.close();
                    }
                } catch (PythonException e) {
                    throw new PythonModuleException(PythonModuleException.Kind.SIGNATURE_MISMATCH, moduleInterface,
                            module, call.function(), where + " with " + parameters + " positional argument"
                            + (parameters == 1 ? "" : "s") + (keywords.isEmpty() ? "" : " and the keywords "
                            + keywords.keySet()) + ", but def " + call.function() + sig.str()
                            + " cannot take them: " + e.pythonMessage(), e);
                }
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        FunctionCall call = calls.get(method);
        if (call == null) {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> moduleInterface.getName() + " (@PythonModule(\"" + module + "\"))";
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        verify();
        List<Object> arguments = new ArrayList<>(call.positionalCount());
        Map<String, Object> keywords = call.keywordNames().isEmpty() && call.keywordNamesKnown() ? null : new LinkedHashMap<>();
        for (int i = 0; i < (args == null ? 0 : args.length); i++) {
            String where = moduleInterface.getSimpleName() + "." + method.getName() + " argument " + i;
            Object converted = JavaArguments.toPython(args[i], where);
            if (!call.keywords()[i]) {
                arguments.add(converted);
            } else if (converted instanceof Map<?, ?> entries) {
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    if (!(entry.getKey() instanceof String name)) {
                        throw new IllegalArgumentException(where + " (@PythonKeywords): the key " + entry.getKey()
                                + " is not a String");
                    }
                    if (keywords.containsKey(name)) {
                        throw new IllegalArgumentException(where + " (@PythonKeywords): the keyword '" + name
                                + "' is given twice");
                    }
                    keywords.put(name, entry.getValue());
                }
            } else if (converted != null) {
                throw new IllegalArgumentException(where + " (@PythonKeywords): a " + args[i].getClass().getName()
                        + " has no keywords");
            }
        }
        PyObject target = moduleObject;
        return call.gilCall().run(engine.get(), gil -> {
            Object result;
            try (PyObject function = target.getAttr(call.function())) {
                result = function.call(arguments, keywords);
            } catch (IllegalArgumentException e) { // an argument core cannot convert
                throw new IllegalArgumentException(call.results().method() + " (" + module + "." + call.function()
                        + "): " + e.getMessage(), e);
            }
            Object converted = call.results().convert(result, call.returnType());
            if (result instanceof PyObject object && converted != object) {
                object.close();
            }
            return converted;
        });
    }

    /**
     * @param keywords          per parameter: whether it is {@link PythonKeywords}
     * @param keywordNames      the names the keyword parameters give, as far as their types say
     * @param keywordNamesKnown false when a {@code Map} gives names known only at the call
     */
    private record FunctionCall(Method method, String function, Type returnType, GilCall gilCall, PythonResults results,
                                boolean[] keywords, List<String> keywordNames, boolean keywordNamesKnown) {

        int positionalCount() {
            int count = 0;
            for (boolean keyword : keywords) {
                count += keyword ? 0 : 1;
            }
            return count;
        }
    }
}

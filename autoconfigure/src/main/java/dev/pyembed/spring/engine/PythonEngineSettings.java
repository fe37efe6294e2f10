package dev.pyembed.spring.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code pyembed.*} values that build the engine (which CPython, how it initializes and shuts down): two
 * application contexts can share the JVM's engine only when these agree. The per-context properties
 * ({@code pyembed.python-path}, {@code pyembed.modules}, {@code pyembed.scripts}, {@code pyembed.lazy-start},
 * {@code pyembed.gil.acquire-timeout}, ...) may differ. {@code PythonEngineBuilderCustomizer} beans are not
 * compared: the customizers of the context that builds the engine apply.
 */
public final class PythonEngineSettings {

    private final Map<String, String> values;

    private PythonEngineSettings(Map<String, String> values) {
        this.values = values;
    }

    /** The engine-building values, by property name, in the order the differences list them. */
    public static PythonEngineSettings of(Map<String, String> values) {
        return new PythonEngineSettings(new LinkedHashMap<>(values));
    }

    /** One line per property whose value differs: {@code name: this value (engine) / other value (asked for)}. */
    public List<String> differences(PythonEngineSettings other) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String asked = other.values.get(entry.getKey());
            if (!Objects.equals(entry.getValue(), asked)) {
                differences.add(entry.getKey() + ": " + entry.getValue() + " (engine) / " + asked + " (asked for)");
            }
        }
        return differences;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

package dev.pyembed.sample;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The sample app on a random port, on the runtime the build chose ({@code -Dpyembed.test.runtime}, default the
 * embedded CPython 3.14), with its own application.properties otherwise.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = RiskApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pyembed.runtime=${pyembed.test.runtime:embedded}")
public @interface SampleAppTest {
}

package dev.pyembed.spring.module.typed;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** Like an {@code @SpringBootApplication} in this package: its {@code @PythonModule} interfaces are found by the scan. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class TypedApplication {
}

package dev.synchook.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects the mock API server ({@code io.quarkus.test.kubernetes.client.KubernetesServer}); null against a real cluster. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface MockApiServer {
}

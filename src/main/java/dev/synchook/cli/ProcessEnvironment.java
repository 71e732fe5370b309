package dev.synchook.cli;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The process environment, as a bean so that tests can give the commands another one. */
@ApplicationScoped
public class ProcessEnvironment {

    public Map<String, String> variables() {
        return System.getenv();
    }
}

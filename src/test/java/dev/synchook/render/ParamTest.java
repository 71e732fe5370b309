package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "revision={{ revision }}           | revision   | \"{{ revision }}\"",
        "url=https://git.example.com/a.git | url        | \"https://git.example.com/a.git\"",
        "empty=                            | empty      | \"\"",
        "eq=a=b                            | eq         | \"a=b\"",
        "list=a,b,c                        | list       | [\"a\",\"b\",\"c\"]",
        "one=a,                            | one        | [\"a\"]",
        "literal=a\\,b                     | literal    | \"a,b\"",
        "obj=k1:v1,k2:v2                   | obj        | {\"k1\":\"v1\",\"k2\":\"v2\"}",
        "single=k:v,                       | single     | {\"k\":\"v\"}",
        "urls=http://a,https://b           | urls       | [\"http://a\",\"https://b\"]",
        "dup=k:1,k:2                       | dup        | [\"k:1\",\"k:2\"]",
        "image.tag={{ image_tag }}         | image.tag  | \"{{ image_tag }}\"",
    })
    void parsesTknStyleValues(String flag, String name, String json) {
        Param param = Param.parse(flag.trim());
        assertThat(param.name()).isEqualTo(name);
        assertThat(param.value().toString()).isEqualTo(json.trim());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"novalue | has no '='", "=x | param name \"\" is not valid", "9x=y | is not valid",
        "a b=c | is not valid"})
    void rejectsBadParamsWithExitTwo(String flag, String message) {
        assertThatThrownBy(() -> Param.parse(flag.trim())).isInstanceOfSatisfying(SynchookException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(e.oneLine()).startsWith("--param").contains(message.trim());
        });
    }
}

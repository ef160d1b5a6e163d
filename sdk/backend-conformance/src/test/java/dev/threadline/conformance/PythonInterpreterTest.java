package dev.threadline.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonInterpreterTest {
  @Test void withoutAPythonThatHasFastApiTheTestsFailWithOneLineNamingThePackages() {
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> PythonInterpreter.firstThatCanRunTheBackend(List.of("/nonexistent/python3", "false")));
    assertEquals("the backend conformance tests need Python 3 with FastAPI and uvicorn: "
        + "apt-get install python3-fastapi python3-uvicorn", missing.getMessage());
  }

  @Test void aCandidateThatCannotImportFastApiIsPassedOver() {
    assertEquals(PythonInterpreter.find(),
        PythonInterpreter.firstThatCanRunTheBackend(List.of("/nonexistent/python3", PythonInterpreter.find())));
  }
}

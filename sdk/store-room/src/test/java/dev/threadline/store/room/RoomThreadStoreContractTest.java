package dev.threadline.store.room;

import android.content.Context;
import dev.threadline.ThreadStore;
import dev.threadline.store.contract.ThreadStoreContract;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.junit.AssumptionViolatedException;
import org.junit.Test;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.runner.RunWith;
import org.opentest4j.TestAbortedException;
import org.robolectric.ParameterizedRobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.SQLiteMode;

/**
 * The shared {@link ThreadStoreContract} run against {@link RoomThreadStore}, one JUnit 4 test per contract
 * test, named after it.
 *
 * <p>The contract is a JUnit Jupiter class, but Robolectric's sandbox (the Android framework and native
 * SQLite) comes only with its JUnit 4 runner. So this class is the runner's test: it lists the contract's
 * {@code @Test} methods as parameters, and each test makes a fresh contract instance inside the sandbox
 * and calls that method between the contract's {@code @BeforeEach} and {@code @AfterEach} methods, as
 * Jupiter would. Jupiter's {@code @Timeout} is not applied.
 */
@RunWith(ParameterizedRobolectricTestRunner.class)
@Config(sdk = 34)
@SQLiteMode(SQLiteMode.Mode.NATIVE)
public class RoomThreadStoreContractTest {
  private final String check;

  /** The test that runs the contract's test named {@code check}. */
  public RoomThreadStoreContractTest(String check) {
    this.check = check;
  }

  /** The contract's test names, sorted so runs are repeatable. */
  @ParameterizedRobolectricTestRunner.Parameters(name = "{0}")
  public static Collection<Object[]> checks() {
    List<Object[]> checks = new ArrayList<>();
    for (Method method : annotated(RoomContract.class, org.junit.jupiter.api.Test.class)) {
      checks.add(new Object[] {method.getName()});
    }
    checks.sort(Comparator.comparing(c -> (String) c[0]));
    return checks;
  }

  /** Runs the contract's test on a fresh contract instance, as Jupiter would. */
  @Test public void contract() throws Throwable {
    RoomContract contract = new RoomContract(RuntimeEnvironment.getApplication());
    Method test = annotated(RoomContract.class, org.junit.jupiter.api.Test.class).stream()
        .filter(m -> m.getName().equals(check)).findFirst().orElseThrow();
    try {
      for (Method before : annotated(RoomContract.class, BeforeEach.class)) invoke(before, contract);
      invoke(test, contract);
    } finally {
      for (Method after : annotated(RoomContract.class, AfterEach.class)) invoke(after, contract);
    }
  }

  /** The contract, opening Room stores; calls from the test's (main) thread run on a worker. */
  static final class RoomContract extends ThreadStoreContract {
    private final Context context;

    RoomContract(Context context) {
      this.context = context;
    }

    @Override protected ThreadStore openStore(String account) {
      return new OffMainThreadStore(RoomThreadStore.open(context, account));
    }

    @Override protected ThreadStore openStore(String account, long sizeLimitBytes) {
      return new OffMainThreadStore(RoomThreadStore.open(context, account, sizeLimitBytes));
    }
  }

  /** Methods of {@code type} and its superclasses with {@code annotation}, superclasses' first. */
  private static List<Method> annotated(Class<?> type, Class<? extends Annotation> annotation) {
    Deque<Method> found = new ArrayDeque<>();
    for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
      Method[] declared = c.getDeclaredMethods();
      for (int i = declared.length - 1; i >= 0; i--) {
        if (declared[i].isAnnotationPresent(annotation)) found.addFirst(declared[i]);
      }
    }
    return new ArrayList<>(found);
  }

  private static void invoke(Method method, Object target) throws Throwable {
    method.setAccessible(true);
    try {
      method.invoke(target);
    } catch (InvocationTargetException e) {
      // A Jupiter assumption that does not hold skips the test, as it would under Jupiter.
      if (e.getCause() instanceof TestAbortedException) {
        throw new AssumptionViolatedException(e.getCause().getMessage(), e.getCause());
      }
      throw e.getCause();
    }
  }
}

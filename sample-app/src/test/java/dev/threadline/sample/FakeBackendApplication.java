package dev.threadline.sample;

import android.os.Bundle;

/** The sample app pointed at the testkit's fake backend instead of the manifest's URL. */
public class FakeBackendApplication extends SampleApplication {
  static volatile String baseUrl = "http://127.0.0.1:9/";

  @Override protected Bundle settings() {
    Bundle settings = new Bundle();
    settings.putString("dev.threadline.sample.BASE_URL", baseUrl);
    settings.putString("dev.threadline.sample.TOKEN", "token-alice");
    settings.putString("dev.threadline.sample.ACCOUNT", "alice");
    return settings;
  }
}

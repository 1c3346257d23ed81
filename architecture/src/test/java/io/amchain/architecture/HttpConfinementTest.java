package io.amchain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** HTTP is the api module's business; everything else talks to it through typed calls. */
@AnalyzeClasses(packages = "io.amchain", importOptions = ImportOption.DoNotIncludeTests.class)
class HttpConfinementTest {

  @ArchTest
  static final ArchRule onlyApiUsesHttp =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.amchain.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.pekko.http..", "java.net.http..", "com.sun.net.httpserver..")
          .because("HTTP lives in api/ only (ARCHITECTURE.md §2)");
}

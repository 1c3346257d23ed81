package io.amchain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** ledger, consensus and vm are pure domain code: fast to test, reusable, free of the runtime. */
@AnalyzeClasses(packages = "io.amchain", importOptions = ImportOption.DoNotIncludeTests.class)
class PureModulesTest {

  @ArchTest
  static final ArchRule pureModulesImportNothingFromPekko =
      noClasses()
          .that()
          .resideInAnyPackage("io.amchain.ledger..", "io.amchain.consensus..", "io.amchain.vm..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.pekko..", "akka..", "scala..")
          .because("ledger, consensus and vm are pure rules (ARCHITECTURE.md §2)");
}

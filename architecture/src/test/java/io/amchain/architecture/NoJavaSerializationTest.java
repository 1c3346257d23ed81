package io.amchain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Java serialization is off everywhere: wire messages go through Kryo with registration, journal
 * events through versioned RLP (ARCHITECTURE.md §4). Exceptions and enums are Serializable by
 * inheritance from the JDK and are not serialized by us.
 */
@AnalyzeClasses(packages = "io.amchain", importOptions = ImportOption.DoNotIncludeTests.class)
class NoJavaSerializationTest {

  @ArchTest
  static final ArchRule noSerializableClasses =
      noClasses()
          .that()
          .areNotAssignableTo(Throwable.class)
          .and()
          .areNotEnums()
          .should()
          .implement(Serializable.class)
          .because("Java serialization is off (ARCHITECTURE.md §4)");

  @ArchTest
  static final ArchRule noObjectStreams =
      noClasses()
          .should()
          .dependOnClassesThat()
          .areAssignableTo(ObjectOutputStream.class)
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(ObjectInputStream.class)
          .because("Java serialization is off (ARCHITECTURE.md §4)");
}

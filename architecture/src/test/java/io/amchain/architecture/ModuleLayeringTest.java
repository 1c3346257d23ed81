package io.amchain.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The one-way module graph of ARCHITECTURE.md §2: ledger &lt;- consensus, ledger &lt;- vm, {ledger,
 * vm, consensus} &lt;- actors &lt;- api &lt;- node. vm and consensus do not know each other. Layers
 * that have no code yet are allowed to be empty.
 */
@AnalyzeClasses(packages = "io.amchain", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleLayeringTest {

  @ArchTest
  static final ArchRule modulesDependOneWay =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("ledger")
          .definedBy("io.amchain.ledger..")
          .layer("vm")
          .definedBy("io.amchain.vm..")
          .layer("consensus")
          .definedBy("io.amchain.consensus..")
          .layer("actors")
          .definedBy("io.amchain.actors..")
          .layer("api")
          .definedBy("io.amchain.api..")
          .layer("node")
          .definedBy("io.amchain.node..")
          .layer("bench")
          .definedBy("io.amchain.bench..")
          .whereLayer("bench")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("node")
          .mayOnlyBeAccessedByLayers("bench")
          .whereLayer("api")
          .mayOnlyBeAccessedByLayers("node", "bench")
          .whereLayer("actors")
          .mayOnlyBeAccessedByLayers("api", "node", "bench")
          .whereLayer("consensus")
          .mayOnlyBeAccessedByLayers("actors", "api", "node", "bench")
          .whereLayer("vm")
          .mayOnlyBeAccessedByLayers("actors", "api", "node", "bench")
          .whereLayer("ledger")
          .mayOnlyBeAccessedByLayers("vm", "consensus", "actors", "api", "node", "bench");
}

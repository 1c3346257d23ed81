package io.amchain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/**
 * An actor's protocol is a closed set of immutable messages: records (or enums) that implement an
 * interface nested in the actor (Command, Event, Reply), declared in that same actor's file.
 */
@AnalyzeClasses(packages = "io.amchain", importOptions = ImportOption.DoNotIncludeTests.class)
class ActorMessagesTest {
  private static final Set<String> PROTOCOL_NAMES = Set.of("Command", "Event", "Reply", "Response");

  private static final DescribedPredicate<JavaClass> IMPLEMENT_AN_ACTOR_PROTOCOL =
      new DescribedPredicate<>("implement an actor's nested protocol interface") {
        @Override
        public boolean test(final JavaClass clazz) {
          return clazz.getAllRawInterfaces().stream().anyMatch(ActorMessagesTest::isProtocol);
        }
      };

  private static final ArchCondition<JavaClass> BE_RECORDS_OR_ENUMS_NESTED_IN_THEIR_ACTOR =
      new ArchCondition<>("be records or enums nested in the actor that declares the protocol") {
        @Override
        public void check(final JavaClass clazz, final ConditionEvents events) {
          final boolean immutableKind = clazz.isRecord() || clazz.isEnum();
          final boolean sameActor =
              clazz.getAllRawInterfaces().stream()
                  .filter(ActorMessagesTest::isProtocol)
                  .allMatch(protocol -> topLevel(protocol).equals(topLevel(clazz)));
          if (!immutableKind || !sameActor) {
            events.add(
                SimpleConditionEvent.violated(
                    clazz,
                    clazz.getName()
                        + (immutableKind ? "" : " is not a record or enum")
                        + (sameActor ? "" : " is not nested in the actor of its protocol")));
          }
        }
      };

  @ArchTest
  static final ArchRule actorMessagesAreNestedRecords =
      classes()
          .that()
          .resideInAPackage("io.amchain.actors..")
          .and(IMPLEMENT_AN_ACTOR_PROTOCOL)
          .and()
          .areNotInterfaces()
          .should(BE_RECORDS_OR_ENUMS_NESTED_IN_THEIR_ACTOR)
          .allowEmptyShould(true);

  private static boolean isProtocol(final JavaClass type) {
    return type.isInterface()
        && type.getEnclosingClass().isPresent()
        && PROTOCOL_NAMES.contains(type.getSimpleName())
        && type.getPackageName().startsWith("io.amchain.actors");
  }

  private static JavaClass topLevel(final JavaClass clazz) {
    JavaClass current = clazz;
    while (current.getEnclosingClass().isPresent()) {
      current = current.getEnclosingClass().get();
    }
    return current;
  }
}

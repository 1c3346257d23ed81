package io.amchain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
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
 * interface nested in the actor (Command, Event, Reply), declared in that same actor's file; and
 * the replies those messages ask for (the {@code T} of every {@code ActorRef<T>} they carry) are
 * records or enums too, or sealed interfaces of them, nested in an actor. Both rules fail when they
 * match nothing, so that a renamed package cannot make them pass vacuously.
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
          .should(BE_RECORDS_OR_ENUMS_NESTED_IN_THEIR_ACTOR);

  private static final ArchCondition<JavaClass> ASK_FOR_IMMUTABLE_REPLIES =
      new ArchCondition<>("ask for replies that are records, enums or sealed interfaces of them") {
        private int replies;

        @Override
        public void check(final JavaClass message, final ConditionEvents events) {
          for (final JavaField field : message.getFields()) {
            if (!field.getRawType().getName().equals(ACTOR_REF)
                || !(field.getType() instanceof JavaParameterizedType ref)) {
              continue;
            }
            replies++;
            final JavaClass reply = ref.getActualTypeArguments().get(0).toErasure();
            final String problem = problem(reply);
            if (!problem.isEmpty()) {
              events.add(
                  SimpleConditionEvent.violated(
                      message, message.getName() + "." + field.getName() + " asks for " + problem));
            }
          }
        }

        @Override
        public void finish(final ConditionEvents events) {
          if (replies == 0) {
            events.add(SimpleConditionEvent.violated(this, "no message carries an ActorRef"));
          }
        }
      };

  @ArchTest
  static final ArchRule repliesAreNestedRecords =
      classes()
          .that()
          .resideInAPackage("io.amchain.actors..")
          .and(IMPLEMENT_AN_ACTOR_PROTOCOL)
          .and()
          .areNotInterfaces()
          .should(ASK_FOR_IMMUTABLE_REPLIES);

  private static final String ACTOR_REF = "org.apache.pekko.actor.typed.ActorRef";

  /** Why {@code reply} is no immutable reply type, or empty when it is one. */
  private static String problem(final JavaClass reply) {
    if (!reply.getPackageName().startsWith("io.amchain.actors")
        || reply.getEnclosingClass().isEmpty()) {
      return reply.getName() + ", which is not nested in an actor";
    }
    if (reply.isRecord() || reply.isEnum()) {
      return "";
    }
    if (!reply.isInterface() || !reply.reflect().isSealed()) {
      return reply.getName() + ", which is neither a record, an enum nor a sealed interface";
    }
    return reply.getSubclasses().stream()
        .map(ActorMessagesTest::problem)
        .filter(p -> !p.isEmpty())
        .findFirst()
        .orElse("");
  }

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

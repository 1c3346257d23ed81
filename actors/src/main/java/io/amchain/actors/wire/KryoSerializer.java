package io.amchain.actors.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.Pool;
import io.amchain.actors.WireMessage;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;

/**
 * Kryo for {@link WireMessage}s, with registration required. The registration order below is the
 * wire format: every node of a cluster runs the same list, so append new classes at the end.
 *
 * <p>A frame comes from a peer that may be faulty or hostile, so no length, count or depth it
 * claims is believed before the bytes are there: a byte string, list or string longer than what is
 * left of the frame, or nesting deeper than {@link #MAX_DEPTH}, is refused before anything is
 * allocated for it. A frame must also read as exactly one {@link WireMessage} whose every field is
 * present and of its declared type, down to the elements of its lists: Kryo itself reads any
 * registered class wherever a field is declared as an interface ({@code List}, {@code ActorRef}),
 * so without this check a frame could hand an actor a bare string, a missing field, or a {@code
 * List<Bytes>} holding hashes, and the actor would fail on it later, far from the wire. A refused
 * frame drops that one message (Artery logs and skips it) and is published as a {@link Refused}
 * event, which the node counts.
 */
public final class KryoSerializer extends JSerializer {
  /** Pekko's identifiers below 40 are reserved for Pekko itself. */
  private static final int IDENTIFIER = 1_337_001;

  private static final int BUFFER_BYTES = 4096;
  private static final int MAX_BUFFER_BYTES = 64 << 20;

  /** Our messages nest a record, a list and its elements: anything deeper is not ours. */
  static final int MAX_DEPTH = 8;

  /** Published on the event stream for each incoming message that could not be read. */
  public record Refused(String reason) {}

  private final ExtendedActorSystem system;

  private final Pool<Kryo> kryos;

  public KryoSerializer(final ExtendedActorSystem system) {
    this.system = system;
    final ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
    final Class<?> actorRefClass = Adapter.toTyped(system.deadLetters()).getClass();
    this.kryos =
        new Pool<>(true, false) {
          @Override
          protected Kryo create() {
            final Kryo kryo = new Kryo(new RegisteredClassesOnly(), null);
            kryo.setRegistrationRequired(true);
            kryo.setMaxDepth(MAX_DEPTH);
            // Replaces Kryo's own String serializer and keeps its registration id.
            kryo.register(String.class, new StringSerializer());
            kryo.register(Bytes.class, new BytesSerializer());
            kryo.register(actorRefClass, new ActorRefSerializer(resolver));
            for (final Class<?> list :
                List.of(
                    List.of().getClass(),
                    List.of(1).getClass(),
                    List.of(1, 2, 3).getClass(),
                    ArrayList.class)) {
              kryo.register(list, new ListSerializer());
            }
            kryo.register(Gossip.NewBlock.class);
            kryo.register(Gossip.NewTransactions.class);
            kryo.register(Sync.GetStatus.class);
            kryo.register(Sync.Status.class);
            kryo.register(Sync.GetBlocks.class);
            kryo.register(Sync.Blocks.class);
            kryo.register(Hash.class, new HashSerializer());
            // Appended, not sorted in: a class's id is its place in this list, and nodes of the
            // previous version must keep reading the others.
            kryo.register(Gossip.SealingStarted.class);
            kryo.register(Gossip.TransactionsStored.class);
            return kryo;
          }
        };
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(final Object message) {
    final Kryo kryo = kryos.obtain();
    try (Output output = new Output(BUFFER_BYTES, MAX_BUFFER_BYTES)) {
      kryo.writeClassAndObject(output, message);
      return output.toBytes();
    } finally {
      kryos.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(final byte[] bytes, final Class<?> manifest) {
    final Kryo kryo = kryos.obtain();
    try (Input input = new Input(bytes)) {
      final Object message = kryo.readClassAndObject(input);
      if (input.position() != bytes.length) {
        throw new KryoException(
            (bytes.length - input.position()) + " bytes follow the message in the frame");
      }
      if (!(message instanceof WireMessage)) {
        throw new KryoException(
            "the frame holds "
                + (message == null ? "null" : "a " + message.getClass().getName())
                + ", not a wire message");
      }
      checkFields(message);
      return message;
    } catch (KryoException e) {
      system.eventStream().publish(new Refused(String.valueOf(e.getMessage())));
      throw e;
    } finally {
      kryos.free(kryo);
    }
  }

  /**
   * Reads classes by registration id only. Kryo's own resolver also accepts a class named in the
   * frame, and reads that name with Kryo's string reader, which believes the character count the
   * frame claims (found by KryoSerializerFuzzTest: {@code 01 10 ff ff ff ff ff ff} threw a
   * StringIndexOutOfBoundsException). Registration is required here, so no frame names a class.
   */
  private static final class RegisteredClassesOnly extends DefaultClassResolver {
    @Override
    protected Registration readName(final Input input) {
      throw new KryoException("the frame names a class instead of giving its registration id");
    }
  }

  /** The components of each record class, read once: messages arrive by the thousand. */
  private static final ClassValue<RecordComponent[]> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(final Class<?> type) {
          return type.getRecordComponents();
        }
      };

  /** Refuses a record with a missing field or a field, or list element, of another type. */
  private static void checkFields(final Object record) {
    final RecordComponent[] components = COMPONENTS.get(record.getClass());
    if (components == null) {
      return;
    }
    for (final RecordComponent component : components) {
      final Object value;
      try {
        value = component.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new KryoException("cannot read " + component, e);
      }
      checkType(value, component.getGenericType(), record.getClass().getSimpleName(), component);
    }
  }

  private static void checkType(
      final Object value, final Type declared, final String owner, final RecordComponent field) {
    if (value == null) {
      throw new KryoException(owner + "." + field.getName() + " is missing");
    }
    final Type raw = declared instanceof ParameterizedType p ? p.getRawType() : declared;
    if (raw instanceof Class<?> type && !type.isPrimitive() && !type.isInstance(value)) {
      throw new KryoException(
          owner
              + "."
              + field.getName()
              + " is a "
              + value.getClass().getName()
              + ", not a "
              + type.getName());
    }
    if (declared instanceof ParameterizedType p && value instanceof List<?> list) {
      final Type element = p.getActualTypeArguments()[0];
      for (final Object item : list) {
        checkType(item, element, owner, field);
      }
    }
    if (value instanceof Record nested) {
      checkFields(nested);
    }
  }

  private static final class BytesSerializer extends Serializer<Bytes> {
    @Override
    public void write(final Kryo kryo, final Output output, final Bytes bytes) {
      output.writeVarInt(bytes.size(), true);
      output.writeBytes(bytes.toArray());
    }

    @Override
    public Bytes read(final Kryo kryo, final Input input, final Class<? extends Bytes> type) {
      return Bytes.wrap(input.readBytes(available(input, input.readVarInt(true))));
    }
  }

  /**
   * Kryo's own string reader allocates the character count a frame claims; this one checks the
   * count against the frame first (every character takes at least one byte) and keeps the format.
   */
  private static final class StringSerializer extends Serializer<String> {
    StringSerializer() {
      setImmutable(true);
      setAcceptsNull(true);
    }

    @Override
    public void write(final Kryo kryo, final Output output, final String string) {
      output.writeString(string);
    }

    @Override
    public String read(final Kryo kryo, final Input input, final Class<? extends String> type) {
      return readString(input);
    }
  }

  private static String readString(final Input input) {
    final int start = input.position();
    // Kryo's format: an ASCII string ends at its own marked last byte and needs no check; any
    // other starts with its character count plus one (0 is null, 1 the empty string).
    if (input.readVarIntFlag()) {
      // A count past 2^31 reads as negative and must be refused too, not taken for null (found by
      // KryoSerializerFuzzTest: Kryo's reader then threw a StringIndexOutOfBoundsException).
      final int countPlusOne = input.readVarIntFlag(true);
      if (countPlusOne != 0) {
        available(input, countPlusOne - 1);
      }
      input.setPosition(start);
    }
    return input.readString();
  }

  /** {@code length}, if that many bytes are left in the frame; refuses the frame otherwise. */
  private static int available(final Input input, final int length) {
    final int left = input.limit() - input.position();
    if (length < 0 || length > left) {
      throw new KryoException(
          "a length of "
              + Integer.toUnsignedString(length)
              + " exceeds the "
              + left
              + " bytes left in the frame");
    }
    return length;
  }

  private static final class HashSerializer extends Serializer<Hash> {
    @Override
    public void write(final Kryo kryo, final Output output, final Hash hash) {
      output.writeBytes(hash.toArray());
    }

    @Override
    public Hash read(final Kryo kryo, final Input input, final Class<? extends Hash> type) {
      return Hash.wrap(input.readBytes(Hash.SIZE));
    }
  }

  /** Lists are written as their elements and always read back as unmodifiable lists. */
  @SuppressWarnings("rawtypes")
  private static final class ListSerializer extends Serializer<List> {
    @Override
    public void write(final Kryo kryo, final Output output, final List list) {
      output.writeVarInt(list.size(), true);
      for (final Object element : list) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public List read(final Kryo kryo, final Input input, final Class<? extends List> type) {
      // Every element takes at least one byte of the frame.
      final int size = available(input, input.readVarInt(true));
      final List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        final Object element = kryo.readClassAndObject(input);
        if (element == null) {
          throw new KryoException("element " + i + " of a list is null");
        }
        list.add(element);
      }
      return List.copyOf(list);
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class ActorRefSerializer extends Serializer<ActorRef> {
    private final ActorRefResolver resolver;

    ActorRefSerializer(final ActorRefResolver resolver) {
      this.resolver = resolver;
    }

    @Override
    public void write(final Kryo kryo, final Output output, final ActorRef ref) {
      @SuppressWarnings("unchecked")
      final String path = resolver.toSerializationFormat(ref);
      output.writeString(path);
    }

    @Override
    public ActorRef read(final Kryo kryo, final Input input, final Class<? extends ActorRef> type) {
      return resolver.resolveActorRef(readString(input));
    }
  }
}

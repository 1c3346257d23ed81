package io.amchain.actors.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.amchain.actors.WireMessage;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
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
 */
public final class KryoSerializer extends JSerializer {
  /** Pekko's identifiers below 40 are reserved for Pekko itself. */
  private static final int IDENTIFIER = 1_337_001;

  private static final int BUFFER_BYTES = 4096;
  private static final int MAX_BUFFER_BYTES = 64 << 20;

  private final Pool<Kryo> kryos;

  public KryoSerializer(final ExtendedActorSystem system) {
    final ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
    final Class<?> actorRefClass = Adapter.toTyped(system.deadLetters()).getClass();
    this.kryos =
        new Pool<>(true, false) {
          @Override
          protected Kryo create() {
            final Kryo kryo = new Kryo();
            kryo.setRegistrationRequired(true);
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
      return kryo.readClassAndObject(input);
    } finally {
      kryos.free(kryo);
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
      return Bytes.wrap(input.readBytes(input.readVarInt(true)));
    }
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
      final int size = input.readVarInt(true);
      final List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(kryo.readClassAndObject(input));
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
      return resolver.resolveActorRef(input.readString());
    }
  }
}

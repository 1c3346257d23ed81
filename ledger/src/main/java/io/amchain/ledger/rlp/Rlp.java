package io.amchain.ledger.rlp;

import io.amchain.ledger.types.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
 *
 * <p>The decoder accepts only the canonical encoding, since two encodings of one value would give
 * one block two hashes: a single byte below 0x80 must stand alone, a length must use the short form
 * when it is below 56 and have no leading zero bytes, every length must fit in the input, and
 * nothing may follow the top-level item.
 *
 * <p>Bytes come from peers and clients, so every length is checked against the input before it is
 * used, and lists nest at most {@link #MAX_DEPTH} deep: no Ethereum structure comes close, and the
 * recursive decoder must not run out of stack on a crafted input.
 */
public final class Rlp {
  private static final int SHORT_STRING = 0x80;
  private static final int LONG_STRING = 0xb8;
  private static final int SHORT_LIST = 0xc0;
  private static final int LONG_LIST = 0xf8;
  private static final int SHORT_LIMIT = 56;

  /** The most lists, each inside the one before, that the decoder accepts. */
  public static final int MAX_DEPTH = 1024;

  private Rlp() {}

  /** The encoding of one item. */
  public static Bytes encode(final RlpItem item) {
    final byte[] out = new byte[encodedLength(item)];
    final int end = write(item, out, 0);
    assert end == out.length;
    return Bytes.wrap(out);
  }

  /** Decodes exactly one item that spans the whole input. */
  public static RlpItem decode(final Bytes input) {
    final byte[] in = input.toArray();
    final Decoded decoded = decodeAt(in, 0, 0);
    if (decoded.end != in.length) {
      throw new RlpException(
          decoded.end, (in.length - decoded.end) + " trailing bytes after the RLP item");
    }
    return decoded.item;
  }

  /**
   * The total length (prefix included) of the item that starts at {@code offset}, checked against
   * the input's length but not decoded: lets a reader cut a stream into items.
   */
  public static int itemLength(final byte[] in, final int offset) {
    final Header header = header(in, offset);
    return header.payloadStart - offset + header.payloadLength;
  }

  /**
   * The encoding of the first element of the list that starts at offset 0, without decoding the
   * rest: a block's header can be read without its transactions.
   */
  public static Bytes firstListElement(final byte[] in) {
    final Header list = header(in, 0);
    if (!list.list) {
      throw new RlpException(0, "expected a list, found a string");
    }
    if (list.payloadLength == 0) {
      throw new RlpException(0, "the list is empty");
    }
    final int length = itemLength(in, list.payloadStart);
    if (length > list.payloadLength) {
      throw new RlpException(list.payloadStart, "list element runs past the end of its list");
    }
    return Bytes.wrap(Arrays.copyOfRange(in, list.payloadStart, list.payloadStart + length));
  }

  private record Decoded(RlpItem item, int end) {}

  private record Header(boolean list, int payloadStart, int payloadLength) {}

  /** {@code depth}: how many lists enclose the item at {@code offset}. */
  private static Decoded decodeAt(final byte[] in, final int offset, final int depth) {
    final Header header = header(in, offset);
    if (header.list && depth == MAX_DEPTH) {
      throw new RlpException(offset, "lists nested deeper than " + MAX_DEPTH);
    }
    final int end = header.payloadStart + header.payloadLength;
    if (!header.list) {
      final Bytes bytes = Bytes.wrap(Arrays.copyOfRange(in, header.payloadStart, end));
      return new Decoded(new RlpString(bytes, offset), end);
    }
    final List<RlpItem> items = new ArrayList<>();
    int position = header.payloadStart;
    while (position < end) {
      final Decoded child = decodeAt(in, position, depth + 1);
      if (child.end > end) {
        throw new RlpException(position, "list element runs past the end of its list");
      }
      items.add(child.item);
      position = child.end;
    }
    return new Decoded(new RlpList(List.copyOf(items), offset), end);
  }

  private static Header header(final byte[] in, final int offset) {
    if (offset >= in.length) {
      throw new RlpException(offset, "unexpected end of input");
    }
    final int prefix = in[offset] & 0xff;
    final Header header;
    if (prefix < SHORT_STRING) {
      header = new Header(false, offset, 1);
    } else if (prefix < LONG_STRING) {
      header = new Header(false, offset + 1, prefix - SHORT_STRING);
      if (header.payloadLength == 1 && offset + 1 < in.length && (in[offset + 1] & 0xff) < 0x80) {
        throw new RlpException(offset, "single byte below 0x80 must not have a string prefix");
      }
    } else if (prefix < SHORT_LIST) {
      header = new Header(false, offset + 1 + prefix - 0xb7, longLength(in, offset, prefix - 0xb7));
    } else if (prefix < LONG_LIST) {
      header = new Header(true, offset + 1, prefix - SHORT_LIST);
    } else {
      header = new Header(true, offset + 1 + prefix - 0xf7, longLength(in, offset, prefix - 0xf7));
    }
    if ((long) header.payloadStart + header.payloadLength > in.length) {
      throw new RlpException(
          offset,
          "length "
              + header.payloadLength
              + " runs past the end of the input ("
              + (in.length - Math.min(header.payloadStart, in.length))
              + " bytes left)");
    }
    return header;
  }

  private static int longLength(final byte[] in, final int offset, final int lengthOfLength) {
    if (offset + lengthOfLength >= in.length) {
      throw new RlpException(offset, "length prefix runs past the end of the input");
    }
    if (in[offset + 1] == 0) {
      throw new RlpException(offset, "length has leading zero bytes");
    }
    if (lengthOfLength > 4) {
      throw new RlpException(offset, "length of " + lengthOfLength + " bytes is too large");
    }
    long length = 0;
    for (int i = 1; i <= lengthOfLength; i++) {
      length = (length << 8) | (in[offset + i] & 0xff);
    }
    if (length > Integer.MAX_VALUE) {
      throw new RlpException(offset, "length " + length + " is too large");
    }
    if (length < SHORT_LIMIT) {
      throw new RlpException(offset, "length " + length + " below 56 must use the short form");
    }
    return (int) length;
  }

  private static int encodedLength(final RlpItem item) {
    if (item instanceof RlpString string) {
      final Bytes bytes = string.bytes();
      if (bytes.size() == 1 && bytes.unsigned(0) < SHORT_STRING) {
        return 1;
      }
      return prefixLength(bytes.size()) + bytes.size();
    }
    final int payload = payloadLength((RlpList) item);
    return prefixLength(payload) + payload;
  }

  private static int payloadLength(final RlpList list) {
    int payload = 0;
    for (final RlpItem child : list.items()) {
      payload += encodedLength(child);
    }
    return payload;
  }

  private static int prefixLength(final int payloadLength) {
    return payloadLength < SHORT_LIMIT ? 1 : 1 + bytesOf(payloadLength);
  }

  private static int bytesOf(final int length) {
    return 4 - Integer.numberOfLeadingZeros(length) / 8;
  }

  private static int write(final RlpItem item, final byte[] out, final int offset) {
    if (item instanceof RlpString string) {
      final Bytes bytes = string.bytes();
      if (bytes.size() == 1 && bytes.unsigned(0) < SHORT_STRING) {
        out[offset] = bytes.get(0);
        return offset + 1;
      }
      final int start = writePrefix(out, offset, SHORT_STRING, LONG_STRING - 1, bytes.size());
      bytes.copyTo(out, start);
      return start + bytes.size();
    }
    final RlpList list = (RlpList) item;
    int position = writePrefix(out, offset, SHORT_LIST, LONG_LIST - 1, payloadLength(list));
    for (final RlpItem child : list.items()) {
      position = write(child, out, position);
    }
    return position;
  }

  private static int writePrefix(
      final byte[] out,
      final int offset,
      final int shortBase,
      final int longBase,
      final int length) {
    if (length < SHORT_LIMIT) {
      out[offset] = (byte) (shortBase + length);
      return offset + 1;
    }
    final int lengthBytes = bytesOf(length);
    out[offset] = (byte) (longBase + lengthBytes);
    for (int i = 0; i < lengthBytes; i++) {
      out[offset + lengthBytes - i] = (byte) (length >>> (8 * i));
    }
    return offset + 1 + lengthBytes;
  }
}

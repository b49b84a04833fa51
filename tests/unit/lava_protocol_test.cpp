// The Lava bridge's framed protocol (targets/lava/bridge/lava_protocol.h): round trips,
// and clean errors for truncated, garbage, oversized and wrong-version input. The child
// process side (crashes, hangs) is tested end to end in tests/e2e/lava_test.py.
#include "targets/lava/bridge/lava_protocol.h"

#include <gtest/gtest.h>

namespace gyrus::lava {
namespace {

Frame round_trip(const Frame& frame) {
  FrameDecoder decoder;
  const std::vector<uint8_t> bytes = encode_frame(frame);
  // Byte by byte: a frame split anywhere is reassembled.
  std::optional<Frame> out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    EXPECT_FALSE(out.has_value());
    decoder.feed({&bytes[i], 1});
    out = decoder.next();
  }
  EXPECT_TRUE(out.has_value());
  EXPECT_EQ(decoder.pending(), 0u);
  return *out;
}

TEST(LavaProtocol, HelloRoundTrips) {
  EXPECT_EQ(parse_hello(round_trip(make_hello("Lava 0.10"))), "Lava 0.10");
}

TEST(LavaProtocol, LoadInputsAndOutputsRoundTrip) {
  LoadRequest load{"/tmp/net.gimg", kRecordState, 64};
  LoadRequest back = parse_load(round_trip(make_load(load)));
  EXPECT_EQ(back.image_path, load.image_path);
  EXPECT_EQ(back.flags, kRecordState);
  EXPECT_EQ(back.chunk_capacity, 64u);

  InputsChunk in{2, {{{1, -2, 3}, {0, 0, -2147483648LL}}, {{}, {}}}};
  InputsChunk in_back = parse_inputs(round_trip(make_inputs(in)));
  EXPECT_EQ(in_back.steps, 2u);
  EXPECT_EQ(in_back.ports, in.ports);

  OutputsChunk out{2, {{{1LL << 40}, {-5}}}, {{3, 17, {-1, 2, 1LL << 50}}, {0, 0, {}}}};
  OutputsChunk out_back = parse_outputs(round_trip(make_outputs(out)));
  EXPECT_EQ(out_back.ports, out.ports);
  ASSERT_EQ(out_back.states.size(), 2u);
  EXPECT_EQ(out_back.states[0].core, 3u);
  EXPECT_EQ(out_back.states[0].compartment, 17u);
  EXPECT_EQ(out_back.states[0].fields, (std::vector<int64_t>{-1, 2, 1LL << 50}));
  EXPECT_EQ(parse_text(round_trip(make_text(FrameType::Error, "boom"))), "boom");
}

TEST(LavaProtocol, TwoFramesInOneReadAreBothDecoded) {
  std::vector<uint8_t> bytes = encode_frame(make_hello());
  std::vector<uint8_t> bye = encode_frame({FrameType::Bye, {}});
  bytes.insert(bytes.end(), bye.begin(), bye.end());
  FrameDecoder decoder;
  decoder.feed(bytes);
  EXPECT_EQ(decoder.next()->type, FrameType::Hello);
  EXPECT_EQ(decoder.next()->type, FrameType::Bye);
  EXPECT_FALSE(decoder.next().has_value());
}

TEST(LavaProtocol, TruncatedFramesWaitAndTruncatedPayloadsThrow) {
  std::vector<uint8_t> bytes = encode_frame(make_hello("x"));
  FrameDecoder decoder;
  decoder.feed({bytes.data(), bytes.size() - 1});
  EXPECT_FALSE(decoder.next().has_value());
  EXPECT_EQ(decoder.pending(), bytes.size() - 1); // at the end of a stream: truncated

  // A complete frame whose payload ends early: every parser names the frame.
  Frame inputs = make_inputs({3, {{{1, 2}, {3, 4}, {5, 6}}}});
  inputs.payload.resize(inputs.payload.size() - 4);
  EXPECT_THROW(
      {
        try {
          parse_inputs(inputs);
        } catch (const ProtocolError& e) {
          EXPECT_STREQ(e.what(), "inputs frame is truncated");
          throw;
        }
      },
      ProtocolError);
  Frame outputs = make_outputs({1, {{{7}}}, {{0, 1, {2, 3}}}});
  for (size_t cut = 0; cut < outputs.payload.size(); ++cut) {
    Frame f = outputs;
    f.payload.resize(cut);
    EXPECT_THROW(parse_outputs(f), ProtocolError) << cut;
  }
  Frame extra = make_load({"a", 0, 1});
  extra.payload.push_back(0);
  EXPECT_THROW(parse_load(extra), ProtocolError);
}

TEST(LavaProtocol, GarbageAndOversizedLengthsAreRefusedBeforeAllocating) {
  FrameDecoder garbage;
  const std::vector<uint8_t> text = {'T', 'r', 'a', 'c', 'e', 'b', 'a', 'c', 'k'};
  garbage.feed(text);
  EXPECT_THROW(garbage.next(), ProtocolError);

  FrameDecoder huge;
  const std::vector<uint8_t> header = {4, 0xff, 0xff, 0xff, 0xff};
  huge.feed(header);
  EXPECT_THROW(huge.next(), ProtocolError);

  // Counts inside a payload larger than the payload itself.
  Frame lying{FrameType::Outputs, {0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f}};
  EXPECT_THROW(parse_outputs(lying), ProtocolError);
  Frame lying_inputs{FrameType::Inputs, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
  EXPECT_THROW(parse_inputs(lying_inputs), ProtocolError);
  Frame zero_capacity = make_load({"a", 0, 1});
  zero_capacity.payload[zero_capacity.payload.size() - 4] = 0;
  EXPECT_THROW(parse_load(zero_capacity), ProtocolError);
}

TEST(LavaProtocol, WrongMagicOrVersionIsAClearError) {
  Frame hello = make_hello();
  hello.payload[4] = 2; // version 2
  try {
    parse_hello(hello);
    FAIL();
  } catch (const ProtocolError& e) {
    EXPECT_STREQ(e.what(), "the bridge speaks protocol version 2, gyrus speaks 1");
  }
  Frame magic = make_hello();
  magic.payload[0] = 'X';
  EXPECT_THROW(parse_hello(magic), ProtocolError);
  EXPECT_THROW(parse_hello(make_load({"a", 0, 1})), ProtocolError); // not a hello at all
}

TEST(LavaProtocol, InputsOutsideThirtyTwoBitsAndRaggedPortsAreRefused) {
  EXPECT_THROW(make_inputs({1, {{{1LL << 40}}}}), ProtocolError);
  EXPECT_THROW(make_inputs({2, {{{1, 2}, {3}}}}), ProtocolError);
  EXPECT_THROW(make_inputs({2, {{{1}}}}), ProtocolError);
}

} // namespace
} // namespace gyrus::lava

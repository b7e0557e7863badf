package dev.outpost.protocol.agent;

import dev.outpost.protocol.Control;
import dev.outpost.protocol.Streams;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.concurrent.Future;
import java.util.function.Consumer;

/** A control stream of the edge (hello, verdict, configuration): a whole message, one answer. */
final class ControlExchange implements OriginExchange {

  private final EdgeStream stream;
  private final Control.Credentials credentials;
  private final Consumer<Control.Verdict> onVerdict;
  private final OriginProxy proxy;
  private final Streams.MessageCollector message;

  ControlExchange(
      EdgeStream stream,
      Http2HeadersFrame request,
      Control.Credentials credentials,
      Consumer<Control.Verdict> onVerdict,
      OriginProxy proxy) {
    this.stream = stream;
    this.credentials = credentials;
    this.onVerdict = onVerdict;
    this.proxy = proxy;
    var whole = stream.eventLoop().<Streams.Message>newPromise();
    whole.addListener((Future<Streams.Message> done) -> answer(done));
    this.message = new Streams.MessageCollector(whole);
    fromEdge(request);
  }

  @Override
  public void fromEdge(Http2StreamFrame frame) {
    if (!message.take(frame)) {
      stream.close();
    }
  }

  @Override
  public void edgeClosed() {
    message.streamClosed();
  }

  private void answer(Future<Streams.Message> whole) {
    if (!whole.isSuccess()) {
      stream.close();
      return;
    }
    var request = whole.getNow();
    switch (request.path()) {
      case Control.HELLO -> stream.writeMessage(Streams.response(200), Control.write(credentials));
      case Control.REGISTRATION -> {
        Control.Verdict verdict;
        try {
          verdict = Control.read(request.body(), Control.Verdict.class);
        } catch (IllegalArgumentException e) {
          stream.writeMessage(Streams.response(400), new byte[0]);
          return;
        }
        stream.writeMessage(Streams.response(204), new byte[0]);
        onVerdict.accept(verdict);
      }
      case Control.CONFIGURATION -> {
        try {
          var configuration = Control.read(request.body(), Control.Configuration.class);
          int applied = proxy.apply(configuration.version(), configuration.config());
          stream.writeMessage(Streams.response(200), Control.write(new Control.Applied(applied)));
        } catch (IllegalArgumentException e) {
          stream.writeMessage(Streams.response(422), new byte[0]);
        }
      }
      default -> stream.writeMessage(Streams.response(404), new byte[0]);
    }
  }
}

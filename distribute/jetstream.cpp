#include "distribute/jetstream.hpp"

#include <fmt/core.h>
#include <nats/nats.h>

#include <mutex>
#include <thread>

namespace gp::distribute {
namespace {

std::string say(natsStatus s, jsErrCode jerr = static_cast<jsErrCode>(0)) {
  std::string text = natsStatus_GetText(s);
  if (const char* last = nats_GetLastError(nullptr); last != nullptr && *last != '\0') text = last;
  if (jerr != 0) text += fmt::format(" (JetStream error {})", static_cast<int>(jerr));
  return text;
}

void on_connected(natsConnection* /*nc*/, void* closure) {
  static_cast<ConnectionCounters*>(closure)->connected = true;
}
void on_disconnected(natsConnection* /*nc*/, void* closure) {
  auto* c = static_cast<ConnectionCounters*>(closure);
  if (c->connected.exchange(false)) ++c->disconnects;
}
void on_closed(natsConnection* /*nc*/, void* closure) { static_cast<ConnectionCounters*>(closure)->closed = true; }
void on_reconnected(natsConnection* /*nc*/, void* closure) {
  auto* c = static_cast<ConnectionCounters*>(closure);
  c->connected = true;
  ++c->reconnects;
}

// Connections open in this process: when the last one is gone the library's own threads and
// memory are released too (nats_Close), so a sanitizer's leak check sees a clean exit. The
// library opens itself again on the next connection.
std::mutex g_library_mutex;
int g_connections = 0;

}  // namespace

std::unique_ptr<JetStream> JetStream::open(const NatsUrl& url, std::string_view client_name, std::string& error) {
  std::unique_ptr<JetStream> js(new JetStream());
  js->url_ = url;
  {
    const std::lock_guard lock(g_library_mutex);
    ++g_connections;
  }
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  const std::string text = url.text();
  const std::string name(client_name);
  ConnectionCounters* counters = js->counters_.get();
  if (s == NATS_OK) s = natsOptions_SetURL(opts, text.c_str());
  if (s == NATS_OK) s = natsOptions_SetName(opts, name.c_str());
  if (s == NATS_OK) s = natsOptions_SetTimeout(opts, 2000);
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, -1);  // forever
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 250);
  if (s == NATS_OK) s = natsOptions_SetPingInterval(opts, 2000);
  if (s == NATS_OK) s = natsOptions_SetMaxPingsOut(opts, 2);
  // A connection attempt that fails keeps retrying in the background instead of failing the
  // run; the callback makes Connect return at once (NATS_NOT_YET_CONNECTED).
  if (s == NATS_OK) s = natsOptions_SetRetryOnFailedConnect(opts, true, on_connected, counters);
  if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(opts, on_disconnected, counters);
  if (s == NATS_OK) s = natsOptions_SetReconnectedCB(opts, on_reconnected, counters);
  if (s == NATS_OK) s = natsOptions_SetClosedCB(opts, on_closed, counters);
  if (s == NATS_OK) {
    s = natsConnection_Connect(&js->connection_, opts);
    if (s == NATS_OK) counters->connected = true;
    if (s == NATS_NOT_YET_CONNECTED) s = NATS_OK;
  }
  natsOptions_Destroy(opts);
  if (s == NATS_OK) s = natsConnection_JetStream(&js->context_, js->connection_, nullptr);
  if (s != NATS_OK) {
    error = fmt::format("cannot set up a NATS client for {}: {}", text, say(s));
    return nullptr;
  }
  return js;
}

JetStream::~JetStream() {
  jsCtx_Destroy(context_);
  if (connection_ != nullptr) {
    natsConnection_Close(connection_);
    // libnats runs the connection's callbacks on its own thread, after Close returns; they
    // use counters_, so it must outlive them: the closed callback is the last one.
    for (int i = 0; i < 200 && !counters_->closed; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    natsConnection_Destroy(connection_);
    if (!counters_->closed) (void)counters_.release();  // still pending after 2 s: leak it rather than risk it
  }
  const std::lock_guard lock(g_library_mutex);
  if (--g_connections == 0) nats_CloseAndWait(2000);
}

std::string JetStream::ensure_stream() {
  const std::string name(kStreamName);
  jsStreamInfo* info = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, context_, name.c_str(), nullptr, &jerr);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    return {};
  }
  if (s != NATS_NOT_FOUND) return fmt::format("cannot look up stream {}: {}", name, say(s, jerr));
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  const std::string subjects(kStreamSubjects);
  const char* subject_list[] = {subjects.c_str()};
  config.Name = name.c_str();
  config.Subjects = subject_list;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  s = js_AddStream(&info, context_, &config, nullptr, &jerr);
  if (s == NATS_OK) jsStreamInfo_Destroy(info);
  // Another sensor may have created it between the look-up and now.
  if (s != NATS_OK && jerr != JSStreamNameExistErr)
    return fmt::format("cannot create stream {}: {}", name, say(s, jerr));
  return {};
}

std::string JetStream::publish(const std::string& subject, std::string_view data, const std::string& msg_id,
                               std::chrono::milliseconds wait) {
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MaxWait = wait.count();
  options.MsgId = msg_id.c_str();
  jsPubAck* ack = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  const natsStatus s =
      js_Publish(&ack, context_, subject.c_str(), data.data(), static_cast<int>(data.size()), &options, &jerr);
  jsPubAck_Destroy(ack);
  return s == NATS_OK ? std::string() : say(s, jerr);
}

std::unique_ptr<StreamReader> StreamReader::open(JetStream& js, const std::string& filter_subject,
                                                 const std::string& durable, TimeNs since, std::string& error) {
  std::unique_ptr<StreamReader> reader(new StreamReader());
  jsSubOptions options;
  jsSubOptions_Init(&options);
  const std::string stream(kStreamName);
  options.Stream = stream.c_str();
  options.Config.AckPolicy = js_AckExplicit;
  options.Config.AckWait = std::chrono::nanoseconds(std::chrono::minutes(5)).count();
  if (since > 0) {
    options.Config.DeliverPolicy = js_DeliverByStartTime;
    options.Config.OptStartTime = since;
  } else {
    options.Config.DeliverPolicy = js_DeliverAll;
  }
  jsErrCode jerr = static_cast<jsErrCode>(0);
  const natsStatus s = js_PullSubscribe(&reader->subscription_, js.context(), filter_subject.c_str(),
                                        durable.empty() ? nullptr : durable.c_str(), nullptr, &options, &jerr);
  if (s != NATS_OK) {
    error = fmt::format("cannot read stream {} from {}: {}", stream, js.url().text(), say(s, jerr));
    return nullptr;
  }
  return reader;
}

StreamReader::~StreamReader() {
  release_fetched();  // never acknowledged: the server delivers them again after AckWait
  // Unsubscribing would delete a durable consumer; only the local subscription goes.
  natsSubscription_Destroy(subscription_);
}

void StreamReader::release_fetched() {
  for (natsMsg* msg : fetched_) natsMsg_Destroy(msg);
  fetched_.clear();
}

std::string StreamReader::acknowledge() {
  std::string why;
  for (std::size_t i = 0; i < fetched_.size(); ++i) {
    const bool last = i + 1 == fetched_.size();
    jsErrCode jerr = static_cast<jsErrCode>(0);
    const natsStatus s = last ? natsMsg_AckSync(fetched_[i], nullptr, &jerr) : natsMsg_Ack(fetched_[i], nullptr);
    if (s != NATS_OK && why.empty()) why = say(s, jerr);
  }
  release_fetched();
  return why;
}

std::vector<StreamMessage> StreamReader::fetch(int batch, std::chrono::milliseconds wait, std::string& error) {
  release_fetched();
  std::vector<StreamMessage> out;
  natsMsgList list{};
  jsErrCode jerr = static_cast<jsErrCode>(0);
  const natsStatus s = natsSubscription_Fetch(&list, subscription_, batch, wait.count(), &jerr);
  if (s != NATS_OK && s != NATS_TIMEOUT) error = say(s, jerr);
  for (int i = 0; i < list.Count; ++i) {
    natsMsg* msg = list.Msgs[i];
    StreamMessage m;
    m.subject = natsMsg_GetSubject(msg);
    m.data.assign(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
      m.stream_sequence = meta->Sequence.Stream;
      m.published = meta->Timestamp;
      m.pending = meta->NumPending;
      jsMsgMetaData_Destroy(meta);
    }
    out.push_back(std::move(m));
    fetched_.push_back(msg);
    list.Msgs[i] = nullptr;  // owned by fetched_ now
  }
  natsMsgList_Destroy(&list);
  return out;
}

}  // namespace gp::distribute

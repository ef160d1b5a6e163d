package dev.threadline.testkit.internal;

import dev.threadline.testkit.internal.JsonText.Num;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow as the fake backend stores it: its header fields, its items, and its event log (every item
 * event in order, with round ends) that streams are fed from. Not thread-safe by itself: only
 * {@link ThreadRepository} touches it, under its lock.
 */
final class StoredThread {
  final String id;
  final String owner;
  final String mandateId;
  final String workflowMode;
  final SeededRandom random;
  final FakeClock clock;
  String name;
  String status;
  int currentRound;
  Num startedAt;
  Num lastActivity;
  boolean readOnly;
  int messageCount;
  /** Bumped whenever the running round is replaced, stopped or deleted: old round steps then do nothing. */
  long generation;

  final List<StoredItem> items = new ArrayList<>();
  final List<StreamEvent> eventLog = new ArrayList<>();
  /** Index into {@link #eventLog} where the current round's events start. */
  int roundStartIndex;
  final List<Subscription> subscribers = new ArrayList<>();

  StoredThread(String id, String owner, String mandateId, String workflowMode, String name, SeededRandom random,
      FakeClock clock) {
    this.id = id;
    this.owner = owner;
    this.mandateId = mandateId;
    this.workflowMode = workflowMode;
    this.name = name;
    this.random = random;
    this.clock = clock;
    this.status = "running";
    this.currentRound = 1;
    this.startedAt = clock.next(0);
    this.lastActivity = startedAt;
  }

  /** The {@code ChatWorkflow} record, fields in the backend model's order. */
  Map<String, Object> workflowTree() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("id", id);
    tree.put("mandateId", mandateId);
    tree.put("status", status);
    tree.put("name", name);
    tree.put("currentRound", currentRound);
    tree.put("currentTask", 0);
    tree.put("currentAction", 0);
    tree.put("totalTasks", 0);
    tree.put("totalActions", 0);
    tree.put("lastActivity", lastActivity);
    tree.put("startedAt", startedAt);
    tree.put("workflowMode", workflowMode);
    tree.put("maxSteps", 10);
    return tree;
  }

  /**
   * Stores {@code item} and streams it. An item with the same type and id is replaced in place; a new one
   * goes in {@code createdAt} order, as the backend reads a thread's items.
   */
  void put(StoredItem item) {
    String itemId = item.id();
    int existing = -1;
    for (int i = 0; itemId != null && i < items.size(); i++) {
      if (itemId.equals(items.get(i).id()) && items.get(i).type().equals(item.type())) existing = i;
    }
    if (existing >= 0) {
      items.set(existing, item);
    } else {
      BigDecimal at = new BigDecimal(item.createdAt().toString());
      int index = items.size();
      while (index > 0 && new BigDecimal(items.get(index - 1).createdAt().toString()).compareTo(at) > 0) index--;
      items.add(index, item);
    }
    publish(StreamEvent.item(nextEventId(), item));
  }

  /** The item with {@code itemId}, or null. */
  StoredItem find(String itemId) {
    for (StoredItem item : items) {
      if (itemId.equals(item.id())) return item;
    }
    return null;
  }

  private int nextEventId() {
    int count = 0;
    for (StreamEvent event : eventLog) if (!event.isEnd()) count++;
    return count + 1;
  }

  void publish(StreamEvent event) {
    eventLog.add(event);
    for (Subscription subscriber : subscribers) subscriber.offer(event);
  }

  /** The events after item event {@code lastId}, or from the current round's start if {@code lastId < 0}. */
  List<StreamEvent> eventsAfter(int lastId) {
    int from = roundStartIndex;
    if (lastId >= 0) {
      from = eventLog.size();
      for (int i = 0; i < eventLog.size(); i++) {
        if (eventLog.get(i).id() > lastId) {
          from = i;
          break;
        }
      }
      // Ends between the last seen item and the next one belong to the client's round.
      while (from > 0 && eventLog.get(from - 1).isEnd() && lastId > 0 && lastIdBefore(from - 1) >= lastId) from--;
    }
    return new ArrayList<>(eventLog.subList(from, eventLog.size()));
  }

  private int lastIdBefore(int index) {
    for (int i = index - 1; i >= 0; i--) if (!eventLog.get(i).isEnd()) return eventLog.get(i).id();
    return 0;
  }
}

package dev.threadline;

import java.util.ArrayList;
import java.util.List;

/**
 * The recovery spec's shorthand for items: {@code u<round>} is the user's prompt of a round, {@code a<round>}
 * the assistant's first answer, {@code a<round>b}, {@code a<round>c}… its next ones. Each names one item of
 * thread {@link ScriptedBackend#WF}, with a createdAt that orders them as written.
 */
final class SpecItems {
  private SpecItems() {}

  static List<String> tokens(Object list) {
    List<String> tokens = new ArrayList<>();
    if (list != null) for (Object token : (List<?>) list) tokens.add((String) token);
    return tokens;
  }

  static List<String> json(List<String> tokens) {
    List<String> items = new ArrayList<>();
    for (String token : tokens) items.add(itemJson(token));
    return items;
  }

  /** The token of an item the client shows, or null for its pending echo. */
  static String token(ChatItem item) {
    if (item.isPending()) return null;
    String id = item.id();
    return id != null && id.startsWith("msg_") ? id.substring(4) : item.toJson();
  }

  private static String itemJson(String token) {
    if (!token.matches("[ua][0-9][b-z]?")) throw new IllegalArgumentException("not an item token: " + token);
    boolean user = token.charAt(0) == 'u';
    int round = token.charAt(1) - '0';
    int order = user ? 0 : token.length() == 2 ? 1 : token.charAt(2) - 'a' + 1;
    String createdAt = (1000 + round * 100 + order) + ".5";
    return "{\"type\": \"message\", \"createdAt\": " + createdAt + ", \"item\": {\"id\": \"msg_" + token
        + "\", \"workflowId\": \"" + ScriptedBackend.WF + "\", \"role\": \"" + (user ? "user" : "assistant")
        + "\", \"message\": \"" + (user ? ScriptedBackend.PROMPT : "answer " + token) + "\", \"roundNumber\": "
        + round + "}}";
  }

  static String workflow(String status, int round) {
    return "{\"id\": \"" + ScriptedBackend.WF + "\", \"mandateId\": \"m1\", \"name\": \"" + ScriptedBackend.PROMPT
        + "\", \"status\": \"" + status + "\", \"currentRound\": " + round + ", \"workflowMode\": \"Chatbot\", "
        + "\"maxSteps\": 10, \"startedAt\": 1000.0, \"lastActivity\": 1001.0}";
  }
}

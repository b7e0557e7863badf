package dev.outpost.portal.web;

import java.util.List;

/** One page of an API list: its items and the cursor of the next page (null on the last). */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = items == null ? List.of() : items;
  }
}

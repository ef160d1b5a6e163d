package dev.threadline.demo.ui;

/** A component whose height depends on the width it is given (wrapped text). */
interface HeightForWidth {
  /** The height this component needs at {@code width} pixels. */
  int heightForWidth(int width);
}

/**
 * What the demo's windows show, as text and tones, free of any UI toolkit: the Swing window
 * ({@code dev.threadline.demo.ui}) and the JavaFX window ({@code dev.threadline.demo.fx}) render the same
 * words for the same states from here.
 */
package dev.threadline.demo.view;

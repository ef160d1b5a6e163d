/**
 * What the demo's windows show and do, free of any UI toolkit: the Swing window ({@code dev.threadline.demo.ui})
 * and the JavaFX window ({@code dev.threadline.demo.fx}) act alike and show the same words for the same states.
 */
package dev.threadline.demo.view;

/**
 * What a run tells its listeners: the sealed {@link dev.porch.core.event.OrchestrationEvent} hierarchy and {@link dev.porch.core.event.EventListener}.
 */
@PorchStyle
package dev.porch.core.event;

import dev.porch.core.PorchStyle;

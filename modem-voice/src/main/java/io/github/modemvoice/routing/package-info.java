/**
 * Deciding what happens to an incoming call: {@link io.github.modemvoice.routing.BusinessHours}
 * (weekly schedule, closure dates, one-off openings, evaluated in a time zone), the action taken
 * during opening hours ({@link io.github.modemvoice.routing.OpenHoursAction}) and the states a
 * routed call goes through ({@link io.github.modemvoice.routing.CallFlowState}).
 */
package io.github.modemvoice.routing;

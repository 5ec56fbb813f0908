package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// errorStatus maps an error from a request's work to the status to
// answer and the message to show the user:
//
//   - an inputError: its Status and message;
//   - a problem with the scenario or the settings, which the user can
//     fix (a sourceError, a scenario.Error, a pipeline.InputError, or a
//     model.ConvergenceError: the solver found no equilibrium for these
//     elasticities): 422 and the message, the solver's included;
//   - a request too large for http.MaxBytesReader: 413;
//   - the request's deadline passing, or its client leaving: 503;
//   - anything else, a bug or a failure of the machine: 500 with a
//     message that points to the server log, where the caller logs err
//     (its text may name internals).
//
// An input error is checked before the context, so that a scenario that
// is wrong says so even when it was also slow.
func errorStatus(err error) (code int, msg string) {
	var (
		ie *inputError
		se *sourceError
		sc *scenario.Error
		ce *model.ConvergenceError
		mb *http.MaxBytesError
	)
	switch {
	case err == nil:
		return http.StatusOK, ""
	case errors.As(err, &ie):
		return ie.Status, ie.Msg
	case errors.As(err, &se), errors.As(err, &sc), len(scenario.Errors(err)) > 0:
		return http.StatusUnprocessableEntity, err.Error()
	case errors.As(err, &ce):
		return http.StatusUnprocessableEntity, "the scenario cannot be solved with these settings: " + ce.Error() +
			"; try other elasticities or rates"
	case pipeline.IsInputError(err):
		return http.StatusUnprocessableEntity, "the scenario cannot be run with these settings: " + err.Error()
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge, "the request is too large"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long (the server may be busy); try again"
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "the request was cancelled"
	}
	return http.StatusInternalServerError, "internal error: the server log has the details"
}

package app.todo.platform.http;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import app.todo.platform.problem.Problem;

/** The container's error page (web.xml): what it answers outside JAX-RS is problem+json, not HTML. */
@WebServlet("/error")
public class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        if (response.isCommitted()) {
            return;
        }
        new Problem(status, Problem.defaultDetail(status)).writeTo(response);
    }
}

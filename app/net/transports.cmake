# Feed transports besides WebSocket (issue 11 §2): Socket.IO v4, Server-Sent Events, HTTP
# polling, and the parsers they use. Included from app/net/CMakeLists.txt.
target_sources(pulseboard_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/engineioparser.h ${CMAKE_CURRENT_LIST_DIR}/engineioparser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sseparser.h ${CMAKE_CURRENT_LIST_DIR}/sseparser.cpp
)
target_sources(pulseboard_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/feedratemeter.h ${CMAKE_CURRENT_LIST_DIR}/feedratemeter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/socketiosource.h ${CMAKE_CURRENT_LIST_DIR}/socketiosource.cpp
)
target_sources(pulseboard_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/httpfeedrequest.h ${CMAKE_CURRENT_LIST_DIR}/httpfeedrequest.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httpfeedresponse.h ${CMAKE_CURRENT_LIST_DIR}/httpfeedresponse.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httpfeedsource.h ${CMAKE_CURRENT_LIST_DIR}/httpfeedsource.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pollresponse.h ${CMAKE_CURRENT_LIST_DIR}/pollresponse.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ssesource.h ${CMAKE_CURRENT_LIST_DIR}/ssesource.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httppollsource.h ${CMAKE_CURRENT_LIST_DIR}/httppollsource.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httpautosource.h ${CMAKE_CURRENT_LIST_DIR}/httpautosource.cpp
)

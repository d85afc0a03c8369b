#include <iostream>
#include <string>

int main()
{
    std::string who = "world";
    who += "!";
    std::cout << "hello, " << who << std::endl;
    return 0;
}
